package io.catalog.search.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * One product in search results: the fields and names of the API's {@code ProductView}, read from
 * the index. {@code price} is the exact decimal ({@code price_exact}), never the double.
 */
public record ProductHit(
    @JsonProperty("id") String id,
    @JsonProperty("seller_id") String sellerId,
    @JsonProperty("title") String title,
    @JsonProperty("price") BigDecimal price,
    @JsonProperty("currency") String currency,
    @JsonProperty("stock") int stock,
    @JsonProperty("version") long version,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt) {}
