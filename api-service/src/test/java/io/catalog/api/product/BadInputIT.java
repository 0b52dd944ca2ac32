package io.catalog.api.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalog.api.ApiConfiguration;
import io.catalog.api.testing.ApiHarness;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input gets its status, a JSON error naming the field, and writes nothing: the
 * products, outbox and idempotency tables are compared before and after each request.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BadInputIT {
  static final ApiHarness API = new ApiHarness();
  static final DropwizardAppExtension<ApiConfiguration> APP = API.app;
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SELLER = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  static String existingId;

  record Case(
      String name,
      String method,
      String path,
      String body,
      Map<String, String> headers,
      int status,
      String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String body(String seller, String title, String price, String stock) {
    return "{\"seller_id\":"
        + seller
        + ",\"title\":"
        + title
        + ",\"price\":"
        + price
        + ",\"stock\":"
        + stock
        + "}";
  }

  static String withCategory(String seller, String category) {
    return body(seller, "\"Lamp\"", "1", "1").replace("}", ",\"category\":" + category + "}");
  }

  static Case post(String name, String body, int status, String field) {
    return new Case(name, "POST", "/products", body, Map.of(), status, field);
  }

  static Stream<Case> cases() {
    String ok = "\"" + SELLER + "\"";
    String title = "\"Mouse\"";
    return Stream.of(
        post("malformed JSON", "{\"seller_id\":", 400, "$"),
        post("empty body", "", 400, "$"),
        post("JSON array instead of object", "[1,2]", 400, "$"),
        post("JSON string instead of object", "\"product\"", 400, "$"),
        post("trailing garbage", body(ok, title, "1", "1") + "}", 400, "$"),
        post(
            "unknown field",
            "{\"seller_id\":" + ok + ",\"title\":\"t\",\"price\":1,\"stock\":1,\"color\":\"red\"}",
            400,
            "color"),
        post(
            "duplicate key",
            "{\"seller_id\":" + ok + ",\"title\":\"a\",\"title\":\"b\",\"price\":1,\"stock\":1}",
            400,
            "title"),
        post("missing seller_id", "{\"title\":\"t\",\"price\":1,\"stock\":1}", 422, "seller_id"),
        post("null seller_id", body("null", title, "1", "1"), 422, "seller_id"),
        post("seller_id not a UUID", body("\"not-a-uuid\"", title, "1", "1"), 422, "seller_id"),
        post("seller_id number", body("42", title, "1", "1"), 400, "seller_id"),
        post("seller_id short UUID form", body("\"1-1-1-1-1\"", title, "1", "1"), 422, "seller_id"),
        post("missing title", "{\"seller_id\":" + ok + ",\"price\":1,\"stock\":1}", 422, "title"),
        post("empty title", body(ok, "\"\"", "1", "1"), 422, "title"),
        post("blank title", body(ok, "\"   \\t \"", "1", "1"), 422, "title"),
        post("title 201 chars", body(ok, "\"" + "x".repeat(201) + "\"", "1", "1"), 422, "title"),
        post(
            "emoji title over limit",
            body(ok, "\"" + "\uD83D\uDE00".repeat(201) + "\"", "1", "1"),
            422,
            "title"),
        post("title number", body(ok, "12", "1", "1"), 400, "title"),
        post("title object", body(ok, "{\"en\":\"x\"}", "1", "1"), 400, "title"),
        post("title with NUL", body(ok, "\"a\\u0000b\"", "1", "1"), 422, "title"),
        post(
            "missing price",
            "{\"seller_id\":" + ok + ",\"title\":\"t\",\"stock\":1}",
            422,
            "price"),
        post("null price", body(ok, title, "null", "1"), 422, "price"),
        post("negative price", body(ok, title, "-0.01", "1"), 422, "price"),
        post("negative zero price", body(ok, title, "-0", "1"), 422, "price"),
        post("three decimals", body(ok, title, "15.999", "1"), 422, "price"),
        post("price as string", body(ok, title, "\"15.99\"", "1"), 400, "price"),
        post("price as boolean", body(ok, title, "true", "1"), 400, "price"),
        post("huge price", body(ok, title, "10000000000", "1"), 422, "price"),
        post("price with exponent overflow", body(ok, title, "1e400", "1"), 422, "price"),
        post("price with 100 digits", body(ok, title, "1" + "0".repeat(99), "1"), 400, "$"),
        post(
            "missing stock",
            "{\"seller_id\":" + ok + ",\"title\":\"t\",\"price\":1}",
            422,
            "stock"),
        post("negative stock", body(ok, title, "1", "-1"), 422, "stock"),
        post("fractional stock", body(ok, title, "1", "1.5"), 400, "stock"),
        post("stock over int range", body(ok, title, "1", "2147483648"), 422, "stock"),
        post("stock as string", body(ok, title, "1", "\"5\""), 400, "stock"),
        post(
            "lower-case currency",
            "{\"seller_id\":"
                + ok
                + ",\"title\":\"t\",\"price\":1,\"stock\":1,\"currency\":\"usd\"}",
            422,
            "currency"),
        post(
            "four-letter currency",
            "{\"seller_id\":"
                + ok
                + ",\"title\":\"t\",\"price\":1,\"stock\":1,\"currency\":\"EURO\"}",
            422,
            "currency"),
        post(
            "null currency",
            "{\"seller_id\":" + ok + ",\"title\":\"t\",\"price\":1,\"stock\":1,\"currency\":null}",
            400,
            "currency"),
        post("empty category", withCategory(ok, "\"\""), 422, "category"),
        post("blank category", withCategory(ok, "\" \\t \""), 422, "category"),
        post("category 51 chars", withCategory(ok, "\"" + "c".repeat(51) + "\""), 422, "category"),
        post("category with NUL", withCategory(ok, "\"a\\u0000b\""), 422, "category"),
        post("category number", withCategory(ok, "7"), 400, "category"),
        post("category array", withCategory(ok, "[\"lighting\"]"), 400, "category"),
        new Case(
            "PUT category too long",
            "PUT",
            "/products/{existing}",
            withCategory(ok, "\"" + "c".repeat(51) + "\""),
            Map.of("If-Match", "\"1\""),
            422,
            "category"),
        post(
            "body over 64 KiB",
            "{\"seller_id\":"
                + ok
                + ",\"title\":\""
                + "x".repeat(70_000)
                + "\",\"price\":1,\"stock\":1}",
            413,
            "$"),
        new Case(
            "wrong content type",
            "POST",
            "/products",
            body(ok, title, "1", "1"),
            Map.of("Content-Type", "text/plain"),
            415,
            "Content-Type"),
        new Case(
            "blank idempotency key",
            "POST",
            "/products",
            body(ok, title, "1", "1"),
            Map.of("Idempotency-Key", " "),
            400,
            "Idempotency-Key"),
        new Case("limit zero", "GET", "/products?limit=0", null, Map.of(), 400, "limit"),
        new Case("limit not a number", "GET", "/products?limit=ten", null, Map.of(), 400, "limit"),
        new Case("forged cursor", "GET", "/products?cursor=%21%21", null, Map.of(), 400, "cursor"),
        new Case("GET id not a UUID", "GET", "/products/abc", null, Map.of(), 400, "id"),
        new Case(
            "PUT without If-Match",
            "PUT",
            "/products/{existing}",
            body(ok, title, "1", "1"),
            Map.of(),
            428,
            "If-Match"),
        new Case(
            "PUT garbage If-Match",
            "PUT",
            "/products/{existing}",
            body(ok, title, "1", "1"),
            Map.of("If-Match", "\"v-one\""),
            400,
            "If-Match"),
        new Case(
            "PUT stale If-Match",
            "PUT",
            "/products/{existing}",
            body(ok, title, "1", "1"),
            Map.of("If-Match", "\"9\""),
            412,
            "If-Match"),
        new Case(
            "PUT invalid body",
            "PUT",
            "/products/{existing}",
            body(ok, title, "-5", "1"),
            Map.of("If-Match", "\"1\""),
            422,
            "price"),
        new Case(
            "PUT unknown product",
            "PUT",
            "/products/00000000-0000-7000-8000-000000000000",
            body(ok, title, "1", "1"),
            Map.of("If-Match", "\"1\""),
            404,
            "id"),
        new Case(
            "DELETE stale If-Match",
            "DELETE",
            "/products/{existing}",
            null,
            Map.of("If-Match", "\"3\""),
            412,
            "If-Match"));
  }

  @BeforeAll
  static void createOne() throws Exception {
    HttpResponse<String> r =
        API.post("/products", body("\"" + SELLER + "\"", "\"Existing\"", "1", "1"));
    existingId = JSON.readTree(r.body()).get("id").asText();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectedWithFieldNamedAndNothingWritten(Case c) throws Exception {
    long[] before = API.counts();
    Map<String, String> headers = new HashMap<>(c.headers());
    if (c.body() != null) {
      headers.putIfAbsent("Content-Type", "application/json");
    }
    HttpResponse<String> r =
        API.send(c.method(), c.path().replace("{existing}", existingId), c.body(), headers);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(c.status());
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("type").asText()).isEqualTo("about:blank");
    assertThat(error.get("status").asInt()).isEqualTo(c.status());
    assertThat(error.get("title").asText()).isNotBlank();
    assertThat(error.get("instance").asText()).startsWith("/products");
    assertThat(error.get("detail").asText()).isNotBlank();
    List<String> fields = error.get("errors").findValuesAsText("field");
    assertThat(fields).as(r.body()).contains(c.field());
    assertThat(API.counts()).containsExactly(before);
    assertThat(API.get("/products/" + existingId).body()).contains("\"version\":1");
  }
}
