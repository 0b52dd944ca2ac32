package io.catalog.domain.product;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of {@code products}: the system of record.
 *
 * @param category optional (null when none); the newest column, hence the last component
 */
public record Product(
    UUID id,
    UUID sellerId,
    String title,
    BigDecimal price,
    String currency,
    int stock,
    long version,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    OffsetDateTime deletedAt,
    String category) {

  /** This product with {@code category} (null for none). */
  public Product withCategory(String category) {
    return new Product(
        id, sellerId, title, price, currency, stock, version, createdAt, updatedAt, deletedAt,
        category);
  }

  public boolean deleted() {
    return deletedAt != null;
  }
}
