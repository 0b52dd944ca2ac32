package io.catalog.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and writes the {@link IndexState} each index keeps in its mapping's {@code _meta}: what it
 * has been through (created, validated, served, retired).
 */
record IndexStates(ElasticsearchClient client, IndexNaming naming) {

  IndexState state(String index) throws IOException {
    naming.requireOwnIndex(index);
    return states(index).getOrDefault(index, IndexState.UNKNOWN);
  }

  void write(String index, IndexState state) throws IOException {
    naming.requireOwnIndex(index);
    ObjectNode body = Json.mapper().createObjectNode();
    body.set("_meta", state.toMeta());
    String json = Json.write(body);
    client.indices().putMapping(p -> p.index(index).withJson(new StringReader(json)));
  }

  /** The state of every index matching the pattern (none when none exists). */
  Map<String, IndexState> states(String indexPattern) throws IOException {
    Map<String, IndexState> states = new HashMap<>();
    try {
      client
          .indices()
          .getMapping(
              g ->
                  g.index(indexPattern).expandWildcards(ExpandWildcard.Open, ExpandWildcard.Closed))
          .mappings()
          .forEach(
              (name, mapping) -> {
                Map<String, JsonData> meta =
                    mapping.mappings() == null ? null : mapping.mappings().meta();
                states.put(
                    name,
                    meta == null || meta.isEmpty()
                        ? IndexState.UNKNOWN
                        : IndexState.fromMeta(toJson(meta)));
              });
    } catch (ElasticsearchException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
    return states;
  }

  private static ObjectNode toJson(Map<String, JsonData> meta) {
    ObjectNode node = Json.mapper().createObjectNode();
    meta.forEach(
        (k, v) -> {
          try {
            node.set(k, Json.mapper().readTree(v.toJson().toString()));
          } catch (IOException e) {
            throw new UncheckedIOException("unreadable _meta." + k, e);
          }
        });
    return node;
  }
}
