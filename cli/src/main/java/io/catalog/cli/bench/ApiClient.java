package io.catalog.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code POST /products} with the seed runbook's body (only the seller differs: the bench's own
 * seller id marks its products so that it can remove them afterwards). Its own HTTP/1.1 client and
 * connection pool, apart from anything the platform runs.
 */
public final class ApiClient {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final URI products;
  private final ThreadLocal<KeepAlive> connection = ThreadLocal.withInitial(KeepAlive::new);

  public record Created(UUID id, long version) {}

  public ApiClient(String apiBase) {
    this.products = URI.create(apiBase + "/products");
  }

  static String seedBody(UUID sellerId) {
    return "{\"seller_id\":\""
        + sellerId
        + "\",\"title\":\"Wireless Mouse\",\"price\":15.99,\"stock\":100}";
  }

  /**
   * Fails with the reason when {@code GET /health} is not 200: the bench needs the whole platform.
   */
  public void requireHealthy() throws InterruptedException {
    URI health = products.resolve("/health");
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            health + " answered " + r.statusCode() + ": " + r.body().replaceAll("\\s+", " "));
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "the API does not answer at "
              + health
              + " ("
              + e
              + "); start the platform with ./platform up or set API_URL",
          e);
    }
  }

  /**
   * One create. Over plain HTTP it goes through a minimal blocking HTTP/1.1 connection kept per
   * thread ({@link KeepAlive}): the JDK client spent 1.4 ms of CPU per request here, on the same
   * two cores as the API it measures, as much as the API itself (docs/benchmarks.md). HTTPS takes
   * the JDK client.
   */
  public Created create(UUID sellerId) throws IOException, InterruptedException {
    if (products.getScheme().equals("http")) {
      KeepAlive.Response r =
          connection.get().post(products, seedBody(sellerId).getBytes(StandardCharsets.UTF_8));
      if (r.status() != 201) {
        connection.get().close();
        connection.remove();
        throw new IOException("POST /products answered " + r.status() + ": " + r.body());
      }
      JsonNode body = Json.mapper().readTree(r.body());
      return new Created(UUID.fromString(body.path("id").asText()), body.path("version").asLong());
    }
    HttpRequest request =
        HttpRequest.newBuilder(products)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(seedBody(sellerId)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IOException(
          "POST /products answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode body = Json.mapper().readTree(response.body());
    return new Created(UUID.fromString(body.path("id").asText()), body.path("version").asLong());
  }
}
