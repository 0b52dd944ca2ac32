package io.catalog.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few plain REST calls the bench makes to Elasticsearch besides the platform's own code. */
final class Elastic {
  private final HttpClient http = httpClient();
  private final String base;

  Elastic(String base) {
    this.base = base;
  }

  /**
   * HTTP/1.1 with a 2 s connect timeout: how the bench talks to Elasticsearch (also {@link
   * RawBulk}).
   */
  static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return call(HttpRequest.newBuilder(URI.create(base + path)).GET(), path);
  }

  JsonNode post(String path, String json) throws IOException, InterruptedException {
    return post(path, json, "application/json");
  }

  JsonNode postNdjson(String path, String ndjson) throws IOException, InterruptedException {
    return post(path, ndjson, "application/x-ndjson");
  }

  private JsonNode post(String path, String body, String contentType)
      throws IOException, InterruptedException {
    return call(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        path);
  }

  /** {@code _refresh} takes no body (a {@code {}} is refused with 400). */
  void refresh(String indexOrAlias) throws IOException, InterruptedException {
    String path = "/" + indexOrAlias + "/_refresh";
    call(
        HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()),
        path);
  }

  void delete(String path) throws IOException, InterruptedException {
    call(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), path);
  }

  /** Merges running on all nodes now: a node that merges is not idle. */
  long merging() throws IOException, InterruptedException {
    long running = 0;
    for (JsonNode node :
        get("/_nodes/stats/indices/merge?filter_path=nodes.*.indices.merges.current")
            .path("nodes")) {
      running += node.path("indices").path("merges").path("current").asLong();
    }
    return running;
  }

  /**
   * Concrete indices whose names start with {@code prefix} (wildcard deletes are refused by
   * default).
   */
  List<String> indices(String prefix) throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    get("/_cat/indices/" + prefix + "*?format=json&h=index")
        .forEach(i -> names.add(i.path("index").asText()));
    return names;
  }

  private JsonNode call(HttpRequest.Builder request, String path)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return Json.mapper().createArrayNode();
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "Elasticsearch answered "
              + response.statusCode()
              + " to "
              + path
              + ": "
              + response.body());
    }
    return Json.mapper().readTree(response.body());
  }
}
