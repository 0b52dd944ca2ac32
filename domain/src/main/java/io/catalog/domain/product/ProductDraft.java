package io.catalog.domain.product;

import java.math.BigDecimal;
import java.util.UUID;

/** Validated client-supplied product state (POST body, PUT body, create/update commands). */
public record ProductDraft(
    UUID sellerId, String title, BigDecimal price, String currency, int stock) {}
