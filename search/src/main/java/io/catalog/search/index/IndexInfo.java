package io.catalog.search.index;

import java.time.Instant;

/**
 * One concrete product-search index.
 *
 * @param name e.g. {@code product_search_v1_20260110_120045} (with the test prefix, if any)
 * @param docs documents as {@code _cat/indices} counts them (refreshed ones only)
 * @param createdAt the index's {@code creation_date}
 * @param aliasTarget whether the alias points at it now
 * @param state what its mapping's {@code _meta} says it has been through
 */
public record IndexInfo(
    String name, long docs, Instant createdAt, boolean aliasTarget, IndexState state) {}
