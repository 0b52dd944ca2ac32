package io.catalog.api.product;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.catalog.domain.product.Product;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The JSON shape of a product in API responses (snake_case, exact decimal price). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductView(
    @JsonProperty("id") UUID id,
    @JsonProperty("seller_id") UUID sellerId,
    @JsonProperty("title") String title,
    @JsonProperty("price") BigDecimal price,
    @JsonProperty("currency") String currency,
    @JsonProperty("stock") int stock,
    @JsonProperty("version") long version,
    @JsonProperty("created_at") OffsetDateTime createdAt,
    @JsonProperty("updated_at") OffsetDateTime updatedAt) {

  public static ProductView of(Product p) {
    return new ProductView(
        p.id(),
        p.sellerId(),
        p.title(),
        p.price(),
        p.currency().strip(),
        p.stock(),
        p.version(),
        p.createdAt(),
        p.updatedAt());
  }
}
