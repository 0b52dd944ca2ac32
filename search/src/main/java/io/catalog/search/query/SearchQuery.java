package io.catalog.search.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A validated search request; build it with {@link SearchParams#parse}.
 *
 * @param text full text on the title, null for none
 * @param category exact match on the product's category, null for any (products without one too)
 * @param searchAfter the decoded cursor, null for the first page
 */
public record SearchQuery(
    String text,
    UUID sellerId,
    String category,
    BigDecimal minPrice,
    BigDecimal maxPrice,
    Boolean inStock,
    SearchSort sort,
    int limit,
    List<Object> searchAfter) {

  public SearchQuery {
    searchAfter = searchAfter == null ? null : List.copyOf(searchAfter);
  }
}
