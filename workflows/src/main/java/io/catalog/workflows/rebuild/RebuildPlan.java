package io.catalog.workflows.rebuild;

import java.util.List;

/**
 * What {@link ProductSearchRebuildActivities#inspect} found before anything is changed.
 *
 * @param alias the search alias, e.g. {@code product_search}
 * @param indexPrefix concrete indices are {@code indexPrefix + mapping + "_" + yyyyMMdd_HHmmss}
 * @param aliasTarget the index the alias points at now; null when there is no alias yet
 * @param indices every index of this deployment, oldest first
 * @param mappingVersion the mapping the rebuild will use (the requested one, checked, or the
 *     newest)
 * @param databaseRows products in the database, deleted ones included (what a database load reads)
 * @param databaseLive products that are not deleted
 */
public record RebuildPlan(
    String alias,
    String indexPrefix,
    String aliasTarget,
    List<String> indices,
    int mappingVersion,
    long databaseRows,
    long databaseLive) {

  public RebuildPlan {
    indices = indices == null ? List.of() : List.copyOf(indices);
  }
}
