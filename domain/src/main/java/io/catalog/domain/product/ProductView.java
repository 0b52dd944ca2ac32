package io.catalog.domain.product;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The JSON shape of a product wherever the API returns one: the product endpoints build it from the
 * row, search from the indexed document (snake_case, exact decimal price).
 *
 * @param category null when the product has none, and then left out like every null field
 * @param createdAt ISO-8601 with offset, as stored: microseconds from the row, milliseconds from
 *     the index (events carry milliseconds)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductView(
    @JsonProperty("id") UUID id,
    @JsonProperty("seller_id") UUID sellerId,
    @JsonProperty("title") String title,
    @JsonProperty("price") BigDecimal price,
    @JsonProperty("currency") String currency,
    @JsonProperty("stock") int stock,
    @JsonProperty("category") String category,
    @JsonProperty("version") long version,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt) {

  public static ProductView of(Product p) {
    return new ProductView(
        p.id(),
        p.sellerId(),
        p.title(),
        p.price(),
        p.currency().strip(),
        p.stock(),
        p.category(),
        p.version(),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(p.createdAt()),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(p.updatedAt()));
  }
}
