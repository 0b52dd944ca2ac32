package io.catalog.search.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.search.query.ProductSearch;
import io.catalog.search.testing.Catalog;
import io.catalog.search.testing.EsIt;
import jakarta.ws.rs.ext.ContextResolver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resource over real HTTP, with Jersey and Jackson as the API serves it. */
class SearchResourceIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EsIt es;
  private static HttpServer server;
  private static HttpServer noAliasServer;

  @BeforeAll
  static void open() throws IOException {
    es = EsIt.open();
    SearchIndexes indexes = es.indexes();
    indexes.ensureAlias();
    new Catalog().writeTo(indexes, new ProjectionWriter(es.client, es.names));
    server = serve(new ProductSearch(es.client, es.names));
    noAliasServer =
        serve(new ProductSearch(es.client, PlatformNames.withPrefix(es.names.prefix() + "none-")));
  }

  @AfterAll
  static void close() {
    server.stop(0);
    noAliasServer.stop(0);
    es.close();
  }

  @Test
  void answersAPageInTheApiShape() throws Exception {
    HttpResponse<String> response = get(server, "/products/search?q=lamp&sort=price_asc&limit=2");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(fieldNames(body)).containsExactly("total", "items", "next_cursor");
    assertThat(body.get("total").asInt()).isEqualTo(5);
    assertThat(body.get("items")).hasSize(2);
    JsonNode first = body.get("items").get(0);
    assertThat(fieldNames(first))
        .containsExactly(
            "id",
            "seller_id",
            "title",
            "price",
            "currency",
            "stock",
            "version",
            "created_at",
            "updated_at");
    assertThat(first.get("price").isNumber()).isTrue();
    assertThat(response.body()).contains("\"price\":0.99");
    assertThat(body.get("next_cursor").asText()).matches("[A-Za-z0-9_-]+");

    HttpResponse<String> next =
        get(
            server,
            "/products/search?q=lamp&sort=price_asc&limit=2&search_after="
                + body.get("next_cursor").asText());
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(next.body()).get("items").get(0).get("id").asText())
        .isNotEqualTo(first.get("id").asText());
  }

  @Test
  void theLastPageHasANullCursor() throws Exception {
    JsonNode body = Json.mapper().readTree(get(server, "/products/search?limit=100").body());

    assertThat(body.has("next_cursor")).isTrue();
    assertThat(body.get("next_cursor").isNull()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "q | LONG",
        "seller_id | 12345",
        "category | ''",
        "category | LONG",
        "min_price | -1",
        "min_price | 1.234",
        "max_price | abc",
        "in_stock | yes",
        "sort | cheapest",
        "limit | 0",
        "limit | 101",
        "limit | x",
        "search_after | bm9wZQ"
      })
  void eachBadParameterIsA400NamingIt(String param, String value) throws Exception {
    String v = "LONG".equals(value) ? "x".repeat("q".equals(param) ? 201 : 51) : value;

    HttpResponse<String> response = get(server, "/products/search?" + param + "=" + v);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(fieldNames(body)).containsExactly("type", "title", "status", "detail", "errors");
    assertThat(body.get("detail").asText()).isEqualTo("malformed request");
    assertThat(body.get("errors"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(fieldNames(d)).containsExactly("field", "message");
              assertThat(d.get("field").asText()).isEqualTo(param);
              assertThat(d.get("message").asText()).isNotBlank();
            });
  }

  @Test
  void minAbovemaxIsA400() throws Exception {
    HttpResponse<String> response = get(server, "/products/search?min_price=10&max_price=5");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(response.body()).at("/errors/0/field").asText())
        .isEqualTo("min_price");
  }

  @Test
  void aCursorOfAnotherSortIsA400() throws Exception {
    String cursor =
        Json.mapper()
            .readTree(get(server, "/products/search?sort=title&limit=1").body())
            .get("next_cursor")
            .asText();

    HttpResponse<String> response =
        get(server, "/products/search?sort=price_asc&search_after=" + cursor);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(response.body()).at("/errors/0/field").asText())
        .isEqualTo("search_after");
  }

  @Test
  void aMissingAliasIsA503NamingIt() throws Exception {
    HttpResponse<String> response = get(noAliasServer, "/products/search?q=lamp");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(body.get("detail").asText()).isEqualTo("search unavailable");
    assertThat(body.at("/errors/0/field").asText()).isEqualTo("product_search");
  }

  private static HttpServer serve(ProductSearch search) {
    ResourceConfig config =
        new ResourceConfig()
            .register(new SearchResource(search))
            .register(JacksonFeature.class)
            .register(new MapperResolver());
    return JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config);
  }

  private static HttpResponse<String> get(HttpServer on, String pathAndQuery) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + on.getAddress().getPort() + pathAndQuery);
    return HTTP.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The project's JSON settings, standing in for Dropwizard's mapper. */
  static final class MapperResolver implements ContextResolver<ObjectMapper> {
    @Override
    public ObjectMapper getContext(Class<?> type) {
      return Json.mapper();
    }
  }
}
