package io.catalog.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalog.api.ApiConfiguration;
import io.catalog.api.testing.ApiHarness;
import io.catalog.search.SearchClients;
import io.catalog.testkit.ReadModel;
import io.catalog.workers.Workers;
import io.catalog.workers.testing.ItStack;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole path on real servers: REST write → outbox → publisher workflow → Kafka → projection
 * consumer → Elasticsearch → GET /products/search.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SearchEndToEndIT {
  static final ItStack STACK = ItStack.create();
  static final Workers WORKERS = Workers.start(STACK.config(Map.of()));
  static final ApiHarness API = new ApiHarness(STACK.db.jdbcUrl(), STACK.names.prefix());
  static final DropwizardAppExtension<ApiConfiguration> APP = API.app;
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

  @AfterAll
  static void stop() {
    WORKERS.close();
    STACK.close();
  }

  static JsonNode search(String query) throws Exception {
    HttpResponse<String> r = API.get("/products/search?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static String q(String text) {
    return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void createUpdateAndDeleteEachShowInSearchAndTheReadModelEqualsTheDatabase() throws Exception {
    String word = "zq" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> created =
        API.post(
            "/products",
            "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Wireless Mouse "
                + word
                + "\",\"price\":15.99,\"stock\":100}");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asText();

    await()
        .atMost(VISIBLE_WITHIN)
        .untilAsserted(
            () -> {
              JsonNode page = search(q(word));
              assertThat(page.get("total").asLong()).isEqualTo(1);
              assertThat(page.get("items").get(0).get("id").asText()).isEqualTo(id);
              assertThat(page.get("items").get(0).get("price").decimalValue())
                  .isEqualByComparingTo("15.99");
            });

    HttpResponse<String> updated =
        API.send(
            "PUT",
            "/products/" + id,
            "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Wired Mouse "
                + word
                + "\",\"price\":9.50,\"stock\":0}",
            Map.of("Content-Type", "application/json", "If-Match", "\"1\""));
    assertThat(updated.statusCode()).isEqualTo(200);
    await()
        .atMost(VISIBLE_WITHIN)
        .untilAsserted(
            () -> {
              JsonNode item = search(q(word)).get("items").get(0);
              assertThat(item.get("title").asText()).startsWith("Wired Mouse");
              assertThat(item.get("version").asLong()).isEqualTo(2);
              assertThat(search(q(word) + "&in_stock=true").get("total").asLong()).isZero();
              assertThat(search(q(word) + "&max_price=10").get("total").asLong()).isEqualTo(1);
            });

    assertThat(
            API.send("DELETE", "/products/" + id, null, Map.of("If-Match", "\"2\"")).statusCode())
        .isEqualTo(204);
    await()
        .atMost(VISIBLE_WITHIN)
        .untilAsserted(() -> assertThat(search(q(word)).get("total").asLong()).isZero());

    try (ElasticsearchClient es = SearchClients.create(STACK.endpoints.elasticsearchUrl())) {
      assertThat(STACK.readModelDifferences(es)).isEmpty();
      assertThat(
              ReadModel.documents(es, STACK.names.searchAlias())
                  .get(id)
                  .path("deleted")
                  .asBoolean())
          .isTrue();
    }
  }
}
