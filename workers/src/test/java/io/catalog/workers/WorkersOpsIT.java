package io.catalog.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.config.Endpoints;
import io.catalog.domain.json.Json;
import io.catalog.workers.testing.FaultyConsumers;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The workers' ops endpoint: consumer liveness, loopback binding, no raw errors (issue #14). */
@Tag("invariant") // never rerun: see the failsafe executions in the root pom
class WorkersOpsIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static FaultyConsumers consumers;

  @RegisterExtension
  static final StackSlice slice =
      StackSlice.withWorkers(
          it -> {
            consumers = new FaultyConsumers(it.endpoints.kafkaBootstrap());
            Map<String, String> env = new java.util.HashMap<>(it.config(Map.of()).toEnv());
            env.remove("WORKERS_OPS_BIND"); // the default is what is tested
            return Workers.start(WorkersConfig.fromEnv(env), consumers);
          });

  @Test
  void aConsumerThatDiesShowsOnHealthAndSoDoesItsRecovery() throws Exception {
    await("both consumers polling")
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/health"), r -> r.statusCode() == 200);
    JsonNode healthy = Json.mapper().readTree(get("/health").body());
    assertThat(healthy.path("consumers").path("projection").path("running").asBoolean()).isTrue();
    assertThat(healthy.path("consumers").path("commands").path("running").asBoolean()).isTrue();
    assertThat(healthy.path("consumers").path("projection").has("last_poll_age_seconds")).isTrue();

    consumers.pollBroken.set(true);
    HttpResponse<String> broken =
        await("failure reported")
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> get("/health"),
                r ->
                    r.statusCode() == 503
                        && json(r)
                            .path("consumers")
                            .path("projection")
                            .path("last_error")
                            .asText()
                            .equals("org.apache.kafka.common.KafkaException"));
    JsonNode body = Json.mapper().readTree(broken.body());
    assertThat(body.path("status").asText()).isEqualTo("degraded");
    assertThat(body.path("consumers").path("projection").path("last_error").asText())
        .isEqualTo("org.apache.kafka.common.KafkaException");

    consumers.pollBroken.set(false);
    HttpResponse<String> recovered =
        await("recovery reported")
            .atMost(Duration.ofSeconds(60))
            .until(() -> get("/health"), r -> r.statusCode() == 200);
    JsonNode after = Json.mapper().readTree(recovered.body());
    assertThat(after.path("consumers").path("projection").path("restarts").asLong()).isPositive();
    assertThat(after.path("checks").path("consumer_projection").asText()).isEqualTo("ok");
  }

  @Test
  void theOpsPortIsOnLoopbackOnlyByDefault() throws Exception {
    Workers workers = slice.workers();
    Optional<InetAddress> external =
        NetworkInterface.networkInterfaces()
            .flatMap(NetworkInterface::inetAddresses)
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .findFirst();
    assumeThat(external).as("a non-loopback IPv4 address on this host").isPresent();

    assertThat(get("/metrics").statusCode()).isEqualTo(200);
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), workers.metricsPort()), 2_000);
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void aDatabaseFailureIsReportedWithoutItsMessage() throws Exception {
    ItStack it = slice.it();
    String database = it.db.name();
    Endpoints superuser = it.endpoints.withDatabase("postgres");
    Jdbi postgres = Jdbi.create(superuser.dbUrl(), superuser.dbUser(), superuser.dbPassword());
    try (Handle admin = postgres.open()) {
      admin.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
      try {
        HttpResponse<String> down =
            await("database failure reported")
                .atMost(Duration.ofSeconds(30))
                .until(() -> get("/health"), r -> !databaseCheck(r).equals("ok"));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(Json.mapper().readTree(down.body()).path("checks").path("database").asText())
            .isIn("unreachable", "timeout", "error");
        assertThat(down.body())
            .doesNotContain(database)
            .doesNotContainIgnoringCase("accepting connections");
      } finally {
        admin.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
      }
    }
    await("database back")
        .atMost(Duration.ofSeconds(30))
        .until(() -> databaseCheck(get("/health")).equals("ok"));
  }

  private static String databaseCheck(HttpResponse<String> health) {
    return json(health).path("checks").path("database").asText();
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    Workers workers = slice.workers();
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + workers.metricsPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
