package io.catalog.search.index;

import io.catalog.domain.naming.PlatformNames;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The names of this deployment's product-search indices: {@code
 * product_search_v{mapping}_{yyyyMMdd_HHmmss}} behind the configured prefix, and the alias in front
 * of them. Refuses a name that is not one of them.
 */
record IndexNaming(PlatformNames names) {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  String alias() {
    return names.searchAlias();
  }

  /** Every index of this prefix, as an index pattern. */
  String pattern() {
    return names.searchIndexPrefix() + "*";
  }

  String indexName(int mappingVersion, Instant now) {
    return names.searchIndexPrefix() + mappingVersion + "_" + STAMP.format(now);
  }

  int mappingVersionOf(String index) {
    requireOwnIndex(index);
    String rest = index.substring(names.searchIndexPrefix().length());
    return Integer.parseInt(rest.substring(0, rest.indexOf('_')));
  }

  void requireOwnIndex(String index) {
    if (!names.isSearchIndex(index)) {
      throw new IllegalArgumentException("not a product-search index of this deployment: " + index);
    }
  }
}
