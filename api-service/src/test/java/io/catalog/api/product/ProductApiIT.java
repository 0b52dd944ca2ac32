package io.catalog.api.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalog.api.ApiConfiguration;
import io.catalog.api.testing.ApiHarness;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ProductApiIT {
  static final ApiHarness API = new ApiHarness();
  static final DropwizardAppExtension<ApiConfiguration> APP = API.app;
  static final ObjectMapper JSON = new ObjectMapper();
  static final ExecutorService POOL = Executors.newFixedThreadPool(20);

  static final String SAMPLE =
      "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Wireless Mouse\","
          + "\"price\":15.99,\"stock\":100}";

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  static JsonNode create(String body) throws Exception {
    HttpResponse<String> r = API.post("/products", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r);
  }

  @Test
  void createWritesProductAndPendingOutboxEventCarryingTheFullEnvelope() throws Exception {
    HttpResponse<String> r = API.post("/products", SAMPLE);

    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode body = json(r);
    String id = body.get("id").asText();
    assertThat(body.get("version").asLong()).isEqualTo(1);
    assertThat(body.get("price").decimalValue()).isEqualByComparingTo("15.99");
    assertThat(body.get("currency").asText()).isEqualTo("USD");
    assertThat(r.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/products/" + id));
    assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");

    Map<String, Object> row =
        API.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT event_type, topic, status, processed, aggregate_version, payload::text AS payload"
                                + " FROM outbox_events WHERE aggregate_id = CAST(:id AS uuid)")
                        .bind("id", id)
                        .mapToMap()
                        .one());
    assertThat(row)
        .containsEntry("event_type", "product.created")
        .containsEntry("topic", "product.events");
    assertThat(row).containsEntry("status", "PENDING").containsEntry("processed", false);
    JsonNode envelope = JSON.readTree((String) row.get("payload"));
    assertThat(envelope.get("aggregate_id").asText()).isEqualTo(id);
    assertThat(envelope.get("aggregate_version").asLong()).isEqualTo(1);
    assertThat(envelope.get("schema_version").asInt()).isEqualTo(2);
    assertThat(envelope.get("payload").get("title").asText()).isEqualTo("Wireless Mouse");
    assertThat(envelope.get("payload").get("deleted").asBoolean()).isFalse();
    assertThat(envelope.get("payload").get("price").get("amount").asText()).isEqualTo("15.99");
    long unprocessed =
        API.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM outbox_events WHERE processed=false")
                        .mapTo(Long.class)
                        .one());
    assertThat(unprocessed).isPositive();
  }

  @Test
  void readUpdateDeleteLifecycleWithOptimisticConcurrency() throws Exception {
    String id = create(SAMPLE).get("id").asText();
    String changed = SAMPLE.replace("Wireless Mouse", "Wired Mouse").replace("15.99", "12.50");

    assertThat(API.get("/products/" + id).statusCode()).isEqualTo(200);
    assertThat(
            API.send("PUT", "/products/" + id, changed, Map.of("Content-Type", "application/json"))
                .statusCode())
        .isEqualTo(428);
    HttpResponse<String> stale =
        API.send(
            "PUT",
            "/products/" + id,
            changed,
            Map.of("Content-Type", "application/json", "If-Match", "\"7\""));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(json(stale).get("errors").get(0).get("field").asText()).isEqualTo("If-Match");

    HttpResponse<String> updated =
        API.send(
            "PUT",
            "/products/" + id,
            changed,
            Map.of("Content-Type", "application/json", "If-Match", "\"1\""));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(json(updated).get("version").asLong()).isEqualTo(2);
    assertThat(json(updated).get("title").asText()).isEqualTo("Wired Mouse");

    assertThat(API.send("DELETE", "/products/" + id, null, Map.of("If-Match", "1")).statusCode())
        .isEqualTo(412);
    assertThat(API.send("DELETE", "/products/" + id, null, Map.of("If-Match", "2")).statusCode())
        .isEqualTo(204);
    assertThat(API.get("/products/" + id).statusCode()).isEqualTo(404);
    assertThat(API.send("DELETE", "/products/" + id, null, Map.of()).statusCode()).isEqualTo(404);

    List<String> types =
        API.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT event_type || ':' || aggregate_version FROM outbox_events"
                                + " WHERE aggregate_id = CAST(:id AS uuid) ORDER BY id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .list());
    assertThat(types)
        .containsExactly("product.created:1", "product.updated:2", "product.deleted:3");
    String deletedPayload =
        API.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT payload->'payload'->>'deleted' FROM outbox_events"
                                + " WHERE aggregate_id = CAST(:id AS uuid) AND event_type = 'product.deleted'")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
    assertThat(deletedPayload).isEqualTo("true");
  }

  @Test
  void aCategoryIsStoredShownChangedAndClearedByReplace() throws Exception {
    String withCategory = SAMPLE.replace("}", ",\"category\":\"  peripherals \"}");
    JsonNode created = create(withCategory);
    String id = created.get("id").asText();
    assertThat(created.get("category").asText()).isEqualTo("peripherals");
    assertThat(json(API.get("/products/" + id)).get("category").asText()).isEqualTo("peripherals");
    assertThat(category(id)).isEqualTo("peripherals");

    JsonNode changed =
        put(id, 1, SAMPLE.replace("}", ",\"category\":\"Input devices\"}")).get("category");
    assertThat(changed.asText()).isEqualTo("Input devices");
    assertThat(json(API.get("/products/" + id)).get("category").asText())
        .isEqualTo("Input devices");

    // A replace is the whole product: no category, or null, means none.
    assertThat(put(id, 2, SAMPLE.replace("}", ",\"category\":null}")).has("category")).isFalse();
    assertThat(json(API.get("/products/" + id)).has("category")).isFalse();
    assertThat(category(id)).isNull();
    put(id, 3, withCategory);
    assertThat(put(id, 4, SAMPLE).has("category")).isFalse();
    assertThat(category(id)).isNull();
  }

  @Test
  void aProductWithoutACategoryHasNoCategoryField() throws Exception {
    JsonNode created = create(SAMPLE);

    assertThat(created.has("category")).isFalse();
    assertThat(json(API.get("/products/" + created.get("id").asText())).has("category")).isFalse();
  }

  private static JsonNode put(String id, long version, String body) throws Exception {
    HttpResponse<String> r =
        API.send(
            "PUT",
            "/products/" + id,
            body,
            Map.of("Content-Type", "application/json", "If-Match", "\"" + version + "\""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private static String category(String id) {
    return productColumn("category", id, String.class);
  }

  /**
   * A create is one statement whose CTE writes the outbox row: whichever of the two inserts fails,
   * neither row stays.
   */
  @Test
  void aFailureOfEitherInsertOfACreateLeavesNeitherRow() throws Exception {
    for (String[] failing :
        List.of(
            new String[] {"products", "NEW.title"},
            new String[] {"outbox_events", "NEW.payload->'payload'->>'title'"})) {
      API.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "CREATE OR REPLACE FUNCTION it_fail_insert() RETURNS trigger"
                          + " LANGUAGE plpgsql AS $$ BEGIN IF "
                          + failing[1]
                          + " = 'explode-on-insert' THEN RAISE EXCEPTION 'injected failure';"
                          + " END IF; RETURN NEW; END; $$;"
                          + " CREATE TRIGGER it_fail_insert BEFORE INSERT ON "
                          + failing[0]
                          + " FOR EACH ROW EXECUTE FUNCTION it_fail_insert()"));
      try {
        long[] before = API.counts();
        HttpResponse<String> r =
            API.post("/products", SAMPLE.replace("Wireless Mouse", "explode-on-insert"));
        assertThat(r.statusCode()).as(failing[0]).isEqualTo(500);
        assertThat(json(r).get("detail").asText()).isEqualTo("internal error");
        assertThat(API.counts()).as(failing[0]).containsExactly(before);
        long leaked =
            API.jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT (SELECT count(*) FROM products"
                                    + " WHERE title = 'explode-on-insert')"
                                    + " + (SELECT count(*) FROM outbox_events"
                                    + " WHERE payload->'payload'->>'title' = 'explode-on-insert')")
                            .mapTo(Long.class)
                            .one());
        assertThat(leaked).as(failing[0]).isZero();
      } finally {
        API.jdbi().useHandle(h -> h.execute("DROP TRIGGER it_fail_insert ON " + failing[0]));
      }
    }
  }

  @Test
  void twentyConcurrentPutsWithTheSameIfMatchGiveExactlyOneWinner() throws Exception {
    String id = create(SAMPLE).get("id").asText();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String body = SAMPLE.replace("\"stock\":100", "\"stock\":" + i);
      Callable<Integer> put =
          () -> {
            start.await();
            return API.send(
                    "PUT",
                    "/products/" + id,
                    body,
                    Map.of("Content-Type", "application/json", "If-Match", "\"1\""))
                .statusCode();
          };
      results.add(POOL.submit(put));
    }
    start.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : results) {
      statuses.add(f.get());
    }
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 412).hasSize(19);
    long updates =
        API.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM outbox_events WHERE aggregate_id = CAST(:id AS uuid)"
                                + " AND event_type = 'product.updated'")
                        .bind("id", id)
                        .mapTo(Long.class)
                        .one());
    assertThat(updates).isEqualTo(1);
  }

  @Test
  void idempotencyKeyReplaysTheFirstResponseAndRejectsAnotherBody() throws Exception {
    String key = "order-" + UUID.randomUUID();
    HttpResponse<String> first = API.post("/products", SAMPLE, Map.of("Idempotency-Key", key));
    HttpResponse<String> second = API.post("/products", SAMPLE, Map.of("Idempotency-Key", key));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    String id = json(first).get("id").asText();
    assertThat(productsWithId(id)).isEqualTo(1);

    long[] before = API.counts();
    HttpResponse<String> other =
        API.post("/products", SAMPLE.replace("100", "101"), Map.of("Idempotency-Key", key));
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(json(other).get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(API.counts()).containsExactly(before);
  }

  @Test
  void concurrentRequestsWithOneIdempotencyKeyCreateOneProduct() throws Exception {
    String key = "race-" + UUID.randomUUID();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(
          POOL.submit(
              () -> {
                start.await();
                return API.post("/products", SAMPLE, Map.of("Idempotency-Key", key));
              }));
    }
    start.countDown();
    Set<String> ids = new HashSet<>();
    for (Future<HttpResponse<String>> f : results) {
      HttpResponse<String> r = f.get();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      ids.add(json(r).get("id").asText());
    }
    assertThat(ids).hasSize(1);
    assertThat(productsWithId(ids.iterator().next())).isEqualTo(1);
  }

  @Test
  void listPagesThroughEveryLiveProductInStableOrder() throws Exception {
    String seller = UUID.randomUUID().toString();
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(
          create(SAMPLE.replace("3fa85f64-5717-4562-b3fc-2c963f66afa6", seller))
              .get("id")
              .asText());
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> page =
          API.get("/products?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.statusCode()).isEqualTo(200);
      JsonNode body = json(page);
      body.get("items").forEach(item -> seen.add(item.get("id").asText()));
      cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asText();
    } while (cursor != null);
    assertThat(seen).doesNotHaveDuplicates().containsAll(created);
    assertThat(seen).isSorted();
  }

  @Test
  void metricsArePrometheusTextWithRequestJvmAndPoolSeries() {
    API.get("/products?limit=1");
    API.get("/products/" + UUID.randomUUID());
    HttpResponse<String> r = API.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(r.body())
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/products\",status=\"200\"}")
        // The route template: never the id, never the template's regular expression.
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/products/{id}\",status=\"404\"}")
        .contains("jvm_memory_used_bytes{area=\"heap\"}")
        .contains("db_pool_active_connections{pool=\"database\"}")
        .doesNotContain("ProductsResource");
  }

  private static long productsWithId(String id) {
    return productColumn("count(*)", id, Long.class);
  }

  /** One value of the products table for {@code id}, read straight from the database. */
  private static <T> T productColumn(String expression, String id, Class<T> type) {
    return API.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT " + expression + " FROM products WHERE id = CAST(:id AS uuid)")
                    .bind("id", id)
                    .mapTo(type)
                    .one());
  }
}
