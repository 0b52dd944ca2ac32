package io.catalog.api.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalog.api.ApiConfiguration;
import io.catalog.api.testing.ApiHarness;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import io.catalog.search.SearchClients;
import io.catalog.search.index.SearchIndexes;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** /health against real dependencies that are really stopped and started again. */
@Tag("invariant") // never rerun: see the failsafe executions in the root pom
@ExtendWith(DropwizardExtensionsSupport.class)
class HealthIT {
  static final String PREFIX = "hl" + java.util.UUID.randomUUID().toString().substring(0, 6) + "-";
  static final ApiHarness API =
      new ApiHarness(
          io.catalog.testkit.TestDatabase.createUntilExit(
              io.catalog.localstack.LocalStack.shared().endpoints()),
          PREFIX);
  static final DropwizardAppExtension<ApiConfiguration> APP = API.app;
  static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> dependencies() {
    return Stream.of(
        Arguments.of("database", (Function<LocalStack, ManagedServer>) LocalStack::postgres),
        Arguments.of("kafka", (Function<LocalStack, ManagedServer>) LocalStack::kafka),
        Arguments.of(
            "elasticsearch", (Function<LocalStack, ManagedServer>) LocalStack::elasticsearch),
        Arguments.of("temporal", (Function<LocalStack, ManagedServer>) LocalStack::temporal));
  }

  @BeforeAll
  static void searchAliasExists() throws Exception {
    try (var es = SearchClients.create(LocalStack.shared().endpoints().elasticsearchUrl())) {
      new SearchIndexes(es, PlatformNames.withPrefix(PREFIX)).ensureAlias();
    }
  }

  @AfterEach
  void everythingBackUp() {
    LocalStack.shared().ensureUp();
  }

  @Test
  void okWithEveryCheckWhenAllDependenciesAnswer() throws Exception {
    HttpResponse<String> r = API.get("/health");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("ok");
    for (String check : HealthResource.CHECKS) {
      assertThat(body.get("checks").get(check).asText()).isEqualTo("ok");
    }
  }

  @Test
  void degradedWhenTheSearchAliasIsMissingAndOkOnceItIsBack() throws Exception {
    try (var es = SearchClients.create(LocalStack.shared().endpoints().elasticsearchUrl())) {
      SearchIndexes indexes = new SearchIndexes(es, PlatformNames.withPrefix(PREFIX));
      String index = indexes.aliasTarget().orElseThrow();
      es.indices().deleteAlias(d -> d.index(index).name(indexes.alias()));

      HttpResponse<String> r = API.get("/health");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(r.body()).get("checks").get("elasticsearch").asText())
          .startsWith("down: alias " + indexes.alias() + " is missing");

      indexes.switchAlias(index);
      assertThat(API.get("/health").statusCode()).isEqualTo(200);
    }
  }

  /**
   * The database ends the API's sessions while they sit idle in the pool (a failover, a proxy's
   * restart, an administrator's {@code pg_terminate_backend}). The next create and the next health
   * check each borrow a dead connection: the pool must find that out and connect again, not hand
   * the failure to the caller.
   */
  @Test
  void connectionsTheDatabaseEndedWhileIdleCostNoRequest() throws Exception {
    String body =
        "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Mouse\","
            + "\"price\":15.99,\"stock\":1}";
    assertThat(API.post("/products", body).statusCode()).isEqualTo(201);
    assertThat(API.get("/health").statusCode()).isEqualTo(200);
    Jdbi db = API.jdbi();
    String others = "datname = current_database() AND pid <> pg_backend_pid()";
    // Idle for a second as the database sees it, as a pool is between two quiet moments.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                db.withHandle(
                    h ->
                        h.createQuery(
                                "SELECT count(*) > 0 AND bool_and(state = 'idle' AND state_change"
                                    + " < clock_timestamp() - interval '1 second') FROM"
                                    + " pg_stat_activity WHERE "
                                    + others)
                            .mapTo(Boolean.class)
                            .one()));
    int ended =
        db.withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM"
                            + " pg_stat_activity WHERE "
                            + others)
                    .mapTo(Integer.class)
                    .one());
    assertThat(ended).isPositive();

    HttpResponse<String> created = API.post("/products", body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> health = API.get("/health");
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    String id = JSON.readTree(created.body()).get("id").asText();
    assertThat(API.get("/products/" + id).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dependencies")
  void degradedNamingTheStoppedDependencyThenOkOnceItIsBack(
      String check, Function<LocalStack, ManagedServer> server) {
    ManagedServer dependency = server.apply(LocalStack.shared());
    await().atMost(Duration.ofSeconds(60)).until(() -> API.get("/health").statusCode() == 200);

    dependency.stop();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> r = API.get("/health");
              assertThat(r.statusCode()).isEqualTo(503);
              JsonNode body = JSON.readTree(r.body());
              assertThat(body.get("status").asText()).isEqualTo("degraded");
              // The kind of failure or a fixed sentence ("Unable to successfully check in 2
              // seconds"
              // from the pool), never the exception's text: hosts, ports and users stay in the log.
              assertThat(body.get("checks").get(check).asText())
                  .startsWith("down: ")
                  .doesNotContain("Exception", "127.0.0.1", "localhost", "jdbc:", "platform");
              HealthResource.CHECKS.stream()
                  .filter(other -> !other.equals(check))
                  .forEach(
                      other ->
                          assertThat(body.get("checks").get(other).asText())
                              .as(other)
                              .isEqualTo("ok"));
            });

    dependency.start();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(API.get("/health").statusCode()).isEqualTo(200));
  }
}
