package io.catalog.domain.product;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of {@code products}: the system of record. */
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
    OffsetDateTime deletedAt) {

  public boolean deleted() {
    return deletedAt != null;
  }
}
