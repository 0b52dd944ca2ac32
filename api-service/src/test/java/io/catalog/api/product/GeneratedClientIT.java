package io.catalog.api.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.catalog.api.ApiConfiguration;
import io.catalog.api.testing.ApiHarness;
import io.catalog.client.ApiClient;
import io.catalog.client.ApiException;
import io.catalog.client.api.ProductsApi;
import io.catalog.client.api.SearchApi;
import io.catalog.client.model.Problem;
import io.catalog.client.model.Product;
import io.catalog.client.model.ProductInput;
import io.catalog.client.model.SearchPage;
import io.catalog.workers.Workers;
import io.catalog.workers.testing.ItStack;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Java client generated from the published {@code openapi.json} (openapi-generator, at build
 * time, as a user would) creates, reads, updates, searches and deletes a product against the real
 * API, and reads its errors as problem details.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GeneratedClientIT {
  static final ItStack STACK = ItStack.create();
  static final Workers WORKERS = Workers.start(STACK.config(Map.of()));
  static final ApiHarness API = new ApiHarness(STACK.db.jdbcUrl(), STACK.names.prefix());
  static final DropwizardAppExtension<ApiConfiguration> APP = API.app;
  static final UUID SELLER = UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6");

  @AfterAll
  static void stop() {
    WORKERS.close();
    STACK.close();
  }

  static ApiClient client() {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + APP.getLocalPort());
    return client;
  }

  static ProductInput input(String title, String price, int stock) {
    ProductInput input = new ProductInput();
    input.setSellerId(SELLER);
    input.setTitle(title);
    input.setPrice(new BigDecimal(price));
    input.setStock(stock);
    return input;
  }

  @Test
  void createReadUpdateSearchAndDeleteThroughTheGeneratedClient() throws Exception {
    ProductsApi products = new ProductsApi(client());
    SearchApi search = new SearchApi(client());
    String word = "gc" + UUID.randomUUID().toString().substring(0, 8);

    Product created =
        products.createProduct(
            input("Trail Lamp " + word, "24.50", 7).category("lighting"),
            "key-" + word,
            UUID.randomUUID());
    assertThat(created.getVersion()).isEqualTo(1);
    assertThat(created.getCurrency()).isEqualTo("USD");
    assertThat(created.getCategory()).isEqualTo("lighting");

    Product read = products.getProduct(created.getId());
    assertThat(read.getTitle()).isEqualTo("Trail Lamp " + word);
    assertThat(read.getPrice()).isEqualByComparingTo("24.50");

    Product updated =
        products.updateProduct(
            created.getId(), "\"1\"", input("Trail Lamp Pro " + word, "29.00", 3), null);
    assertThat(updated.getVersion()).isEqualTo(2);
    assertThat(updated.getCategory()).as("a replace without a category clears it").isNull();

    await("the update searchable")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              SearchPage page =
                  search.searchProducts(word, null, null, null, null, null, null, null, null);
              assertThat(page.getItems())
                  .singleElement()
                  .satisfies(
                      p -> {
                        assertThat(p.getId()).isEqualTo(created.getId());
                        assertThat(p.getTitle()).startsWith("Trail Lamp Pro");
                      });
            });

    ApiException stale =
        catchThrowableOfType(
            ApiException.class,
            () ->
                products.updateProduct(
                    created.getId(), "\"1\"", input("Stale " + word, "1.00", 1), null));
    assertThat(stale.getCode()).isEqualTo(412);
    assertThat(stale.getResponseHeaders().firstValue("Content-Type"))
        .hasValue("application/problem+json");
    Problem problem = client().getObjectMapper().readValue(stale.getResponseBody(), Problem.class);
    assertThat(problem.getStatus()).isEqualTo(412);
    assertThat(problem.getInstance()).isEqualTo("/products/" + created.getId());
    assertThat(problem.getErrors())
        .singleElement()
        .satisfies(e -> assertThat(e.getField()).isEqualTo("If-Match"));

    products.deleteProduct(created.getId(), "\"2\"", null);
    ApiException gone =
        catchThrowableOfType(ApiException.class, () -> products.getProduct(created.getId()));
    assertThat(gone.getCode()).isEqualTo(404);
    await("the delete searchable")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        search
                            .searchProducts(word, null, null, null, null, null, null, null, null)
                            .getItems())
                    .isEmpty());
  }
}
