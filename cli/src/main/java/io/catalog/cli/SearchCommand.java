package io.catalog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.config.Endpoints;
import io.catalog.domain.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Command;

@Command(
    name = "search",
    description = "Elasticsearch read-model tasks.",
    subcommands = {SearchCommand.Aliases.class})
final class SearchCommand extends CommandGroup {

  @Command(
      name = "aliases",
      description =
          "What the product_search alias points at, like GET _cat/aliases, with document counts.")
  static final class Aliases extends OpsCommand {
    @Override
    public Integer call() throws Exception {
      Endpoints s = platform.endpoints();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = s.elasticsearchBase();
      String indexPattern = s.namePrefix() + "product_search*";
      JsonNode indices =
          get(
              http,
              base
                  + "/_cat/indices/"
                  + indexPattern
                  + "?format=json&h=index,docs.count,health,creation.date.string&s=index");
      JsonNode aliases =
          get(
              http,
              base
                  + "/_cat/aliases/"
                  + s.namePrefix()
                  + "product_search?format=json&h=alias,index");
      Table table = new Table("INDEX", "ALIAS", "DOCS", "HEALTH", "CREATED");
      for (JsonNode index : indices) {
        String name = index.path("index").asText();
        String alias = "";
        for (JsonNode a : aliases) {
          if (a.path("index").asText().equals(name)) {
            alias = a.path("alias").asText();
          }
        }
        table.row(
            name,
            alias,
            index.path("docs.count").asText(),
            index.path("health").asText(),
            index.path("creation.date.string").asText());
      }
      output.print(table);
      return 0;
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 404) {
        return Json.mapper().createArrayNode();
      }
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "Elasticsearch answered " + r.statusCode() + " for " + url + ": " + r.body());
      }
      return Json.mapper().readTree(r.body());
    }
  }
}
