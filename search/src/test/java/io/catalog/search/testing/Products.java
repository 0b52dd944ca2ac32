package io.catalog.search.testing;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.product.Product;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Products and their events for tests, built by the project's one event builder. */
public final class Products {
  public static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 1, 10, 12, 0, 45, 123_000_000, ZoneOffset.UTC);

  private Products() {}

  public static Product product(UUID id, long version, String title, String price, int stock) {
    return product(id, version, title, price, stock, null);
  }

  public static Product product(
      UUID id, long version, String title, String price, int stock, String category) {
    return new Product(
        id,
        UUID.fromString("00000000-0000-4000-8000-000000000001"),
        title,
        new BigDecimal(price),
        "USD",
        stock,
        version,
        T0,
        T0.plusSeconds(version),
        null,
        category);
  }

  public static Product deleted(Product p) {
    OffsetDateTime at = p.updatedAt().plusSeconds(1);
    return new Product(
        p.id(),
        p.sellerId(),
        p.title(),
        p.price(),
        p.currency(),
        p.stock(),
        p.version() + 1,
        p.createdAt(),
        at,
        at,
        p.category());
  }

  public static EventEnvelope event(Product p) {
    EventType type =
        p.deleted() ? EventType.DELETED : p.version() == 1 ? EventType.CREATED : EventType.UPDATED;
    return ProductEvents.envelope(type, p, null, null);
  }
}
