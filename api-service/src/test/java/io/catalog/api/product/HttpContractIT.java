package io.catalog.api.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalog.api.ApiConfiguration;
import io.catalog.api.testing.ApiHarness;
import io.catalog.domain.db.Database;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP semantics the API document and RFC 9110/9457 promise: 405 with {@code Allow}, OPTIONS and
 * HEAD, problem details even for what Jetty refuses itself, and Idempotency-Keys that expire and
 * never replay a create whose product is gone.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpContractIT {
  static final ApiHarness API = new ApiHarness();
  static final DropwizardAppExtension<ApiConfiguration> APP = API.app;
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PRODUCT =
      "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Desk Lamp\",\"price\":12.00,\"stock\":4}";

  static JsonNode problem(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("type").asText()).isEqualTo("about:blank");
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("title").asText()).isNotBlank();
    return body;
  }

  @Test
  void aMethodThePathLacksIs405WithAllowAndAProblem() throws Exception {
    for (String method : new String[] {"PATCH", "TRACE", "QUERY"}) {
      HttpResponse<String> r = API.send(method, "/products", null, Map.of());
      JsonNode body = problem(r, 405);
      assertThat(r.headers().firstValue("Allow"))
          .as(method)
          .hasValueSatisfying(
              allow -> assertThat(allow).contains("GET", "POST").doesNotContain("PUT"));
      assertThat(body.path("instance").asText()).isEqualTo("/products");
    }
    // Refused before its body is read, the request may cost its connection (a server may close
    // one it has not read to the end, RFC 9112 9.6): it gets one of its own, so that the next
    // POST (which the JDK client does not retry) never meets a connection closed under it.
    HttpResponse<String> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(API.uri("/products/search"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(PRODUCT))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    problem(put, 405);
    assertThat(put.headers().firstValue("Allow"))
        .hasValueSatisfying(allow -> assertThat(allow).contains("GET").doesNotContain("PUT"));
  }

  @Test
  void optionsListsTheMethodsAndHeadIsAGetWithoutItsBody() throws Exception {
    HttpResponse<String> options = API.send("OPTIONS", "/products", null, Map.of());
    assertThat(options.statusCode()).isBetween(200, 204);
    assertThat(options.headers().firstValue("Allow"))
        .hasValueSatisfying(allow -> assertThat(allow).contains("GET", "POST", "HEAD", "OPTIONS"));

    String id = JSON.readTree(API.post("/products", PRODUCT).body()).path("id").asText();
    HttpResponse<String> get = API.get("/products/" + id);
    HttpResponse<String> head = API.send("HEAD", "/products/" + id, null, Map.of());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("ETag"))
        .isEqualTo(get.headers().firstValue("ETag"))
        .isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE"})
  void whatJettyRefusesItselfIsAProblemToo(String method) throws Exception {
    String body = PRODUCT;
    try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      OutputStream out = socket.getOutputStream();
      // Jetty's own error pages cover only GET, POST and HEAD unless told otherwise.
      String request =
          method.equals("PUT")
              ? "PUT /products/a%17b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + "Content-Type: application/json\r\nIf-Match: \"1\"\r\nContent-Length: "
                  + body.getBytes(StandardCharsets.UTF_8).length
                  + "\r\n\r\n"
                  + body
              : method
                  + " /products/a%01b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
      String problem = response.substring(response.indexOf("\r\n\r\n") + 4);
      assertThat(JSON.readTree(problem).path("status").asInt()).isEqualTo(400);
      assertThat(problem).doesNotContain("<html");
    }
  }

  @Test
  void anIdempotencyKeyExpiresAndTheCleanUpDeletesIt() throws Exception {
    String key = "order-" + UUID.randomUUID();
    HttpResponse<String> first = API.post("/products", PRODUCT, Map.of("Idempotency-Key", key));
    assertThat(first.statusCode()).isEqualTo(201);
    String other = PRODUCT.replace("Desk Lamp", "Floor Lamp");
    problem(API.post("/products", other, Map.of("Idempotency-Key", key)), 422);

    // A day and an hour later (the default TTL is 24 h) the key is a new key.
    API.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = :k")
                    .bind("k", key)
                    .execute());
    HttpResponse<String> later = API.post("/products", other, Map.of("Idempotency-Key", key));
    assertThat(later.statusCode()).isEqualTo(201);
    assertThat(later.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(JSON.readTree(later.body()).path("title").asText()).isEqualTo("Floor Lamp");

    String expired = "order-" + UUID.randomUUID();
    assertThat(API.post("/products", PRODUCT, Map.of("Idempotency-Key", expired)).statusCode())
        .isEqualTo(201);
    API.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = :k")
                    .bind("k", expired)
                    .execute());
    long deleted =
        new IdempotencyKeyCleanup(Database.configure(API.jdbi()), Duration.ofHours(24)).runOnce();
    assertThat(deleted).isEqualTo(1);
    List<String> left =
        API.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT idempotency_key FROM idempotency_keys WHERE idempotency_key IN (:a, :b)")
                        .bind("a", key)
                        .bind("b", expired)
                        .mapTo(String.class)
                        .list());
    assertThat(left).containsExactly(key);
  }

  @Test
  void aReplayWhoseProductWasDeletedSaysItIsGone() throws Exception {
    String key = "order-" + UUID.randomUUID();
    HttpResponse<String> created = API.post("/products", PRODUCT, Map.of("Idempotency-Key", key));
    String id = JSON.readTree(created.body()).path("id").asText();
    assertThat(
            API.send("DELETE", "/products/" + id, null, Map.of("If-Match", "\"1\"")).statusCode())
        .isEqualTo(204);

    JsonNode gone = problem(API.post("/products", PRODUCT, Map.of("Idempotency-Key", key)), 410);
    assertThat(gone.path("errors").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(gone.path("errors").get(0).path("message").asText()).contains(id);
  }
}
