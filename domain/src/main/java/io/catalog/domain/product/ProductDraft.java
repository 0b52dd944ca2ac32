package io.catalog.domain.product;

import java.math.BigDecimal;
import java.util.UUID;

/** Validated client-supplied product state (POST body, PUT body, create/update commands). */
public record ProductDraft(
    UUID sellerId, String title, BigDecimal price, String currency, int stock, String category) {

  /** A draft without a category. */
  public ProductDraft(UUID sellerId, String title, BigDecimal price, String currency, int stock) {
    this(sellerId, title, price, currency, stock, null);
  }
}
