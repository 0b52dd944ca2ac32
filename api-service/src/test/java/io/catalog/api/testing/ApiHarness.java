package io.catalog.api.testing;

import io.catalog.api.ApiApplication;
import io.catalog.api.ApiConfiguration;
import io.catalog.localstack.LocalStack;
import io.catalog.testkit.TestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The real API application on random ports against the shared local stack, with a database of its
 * own, plus a raw HTTP client (tests must control bodies, headers and content types).
 */
public final class ApiHarness {
  public final String jdbcUrl;
  public final DropwizardAppExtension<ApiConfiguration> app;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ApiHarness() {
    this(TestDatabase.createUntilExit(LocalStack.shared().endpoints()), "");
  }

  /** The API on an existing database, with the name prefix of a test's stack slice. */
  public ApiHarness(String jdbcUrl, String namePrefix) {
    var endpoints = LocalStack.shared().endpoints();
    this.jdbcUrl = jdbcUrl;
    app =
        new DropwizardAppExtension<>(
            ApiApplication.class,
            "../config/api.yml",
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("database.url", jdbcUrl),
            ConfigOverride.config("database.user", endpoints.dbUser()),
            ConfigOverride.config("database.password", endpoints.dbPassword()),
            ConfigOverride.config("kafkaBootstrap", endpoints.kafkaBootstrap()),
            ConfigOverride.config("elasticsearchUrl", endpoints.elasticsearchUrl()),
            ConfigOverride.config("temporalTarget", endpoints.temporalTarget()),
            ConfigOverride.config("namePrefix", namePrefix));
  }

  public Jdbi jdbi() {
    var endpoints = LocalStack.shared().endpoints();
    return Jdbi.create(jdbcUrl, endpoints.dbUser(), endpoints.dbPassword());
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.getLocalPort() + path);
  }

  public HttpResponse<String> send(
      String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> post(String path, String json, Map<String, String> extraHeaders) {
    var headers = new java.util.HashMap<>(extraHeaders);
    headers.putIfAbsent("Content-Type", "application/json");
    return send("POST", path, json, headers);
  }

  public HttpResponse<String> post(String path, String json) {
    return post(path, json, Map.of());
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null, Map.of());
  }

  /** Row counts of the write model: what "nothing half-written" is checked against. */
  public long[] counts() {
    return jdbi()
        .withHandle(
            h ->
                new long[] {
                  h.createQuery("SELECT count(*) FROM products").mapTo(Long.class).one(),
                  h.createQuery("SELECT count(*) FROM outbox_events").mapTo(Long.class).one(),
                  h.createQuery("SELECT count(*) FROM idempotency_keys").mapTo(Long.class).one()
                });
  }
}
