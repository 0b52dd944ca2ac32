package io.catalog.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The index mappings are versioned classpath resources, {@code
 * elasticsearch/product_search_v{n}.json}, each holding {@code settings} and {@code mappings}. A
 * new mapping is a new file and a rebuild, never an edit of an old one: indices built from it may
 * still be serving.
 */
public final class MappingVersion {
  /**
   * What {@link SearchIndexes#ensureAlias()} and a rebuild without a version use. 2 adds {@code
   * category} (event schema 2). 1 stays loadable for the indices built from it and for a rebuild
   * that asks for it; being strict, such an index refuses a document that has a category.
   */
  public static final int NEWEST = 2;

  private static final String RESOURCE = "/elasticsearch/product_search_v%d.json";

  private MappingVersion() {}

  /** The JSON body of a create-index request for {@code version}: a fresh copy each call. */
  public static ObjectNode load(int version) {
    String path = String.format(RESOURCE, version);
    try (InputStream in = MappingVersion.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no search mapping version " + version + " (" + path + ")");
      }
      JsonNode node = Json.mapper().readTree(in);
      if (!(node instanceof ObjectNode body) || !body.has("settings") || !body.has("mappings")) {
        throw new IllegalStateException(path + " must be an object with settings and mappings");
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * The index-level settings of {@code version} as the file states them ({@code settings.index}).
   */
  public static ObjectNode indexSettings(int version) {
    JsonNode settings = load(version).path("settings");
    JsonNode index = settings.has("index") ? settings.get("index") : settings;
    return (ObjectNode) index;
  }
}
