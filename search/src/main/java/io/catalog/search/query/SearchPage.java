package io.catalog.search.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.catalog.domain.product.ProductView;
import java.util.List;

/**
 * One page of results.
 *
 * @param total every live product matching the filters, not just this page
 * @param nextCursor the {@code search_after} for the next page; null on the last page
 */
public record SearchPage(
    @JsonProperty("total") long total,
    @JsonProperty("items") List<ProductView> items,
    @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {

  public SearchPage {
    items = List.copyOf(items);
  }
}
