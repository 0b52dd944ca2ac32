package io.catalog.search.testing;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.product.Product;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.projection.BulkWriteResult;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.search.projection.WriteOutcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Thirty products with repeated prices and creation times (so the id tie-breaker matters), two
 * sellers, some out of stock and three deleted, written through the projection and refreshed.
 */
public final class Catalog {
  public static final UUID SELLER_1 = UUID.fromString("00000000-0000-4000-8000-000000000001");
  public static final UUID SELLER_2 = UUID.fromString("00000000-0000-4000-8000-000000000002");
  private static final String[] ADJECTIVES = {"Red", "Blue", "green", "Oak", "Steel", "small"};
  private static final String[] NOUNS = {"lamp", "Table", "chair", "mug", "shelf"};
  private static final Set<Integer> DELETED = Set.of(3, 11, 20);

  public final List<Product> all = new ArrayList<>();
  public final List<Product> live = new ArrayList<>();
  public final List<Product> deleted = new ArrayList<>();

  public Catalog() {
    for (int i = 0; i < 30; i++) {
      OffsetDateTime created = Products.T0.plusMinutes(i % 10);
      Product p =
          new Product(
              UUID.nameUUIDFromBytes(("product-" + i).getBytes()),
              i % 3 == 0 ? SELLER_2 : SELLER_1,
              ADJECTIVES[i % 6] + " " + NOUNS[i % 5],
              BigDecimal.valueOf((i % 8) * 250L + 99, 2),
              "USD",
              i % 4 == 0 ? 0 : i,
              1,
              created,
              created,
              null,
              null);
      all.add(p);
      if (DELETED.contains(i)) {
        deleted.add(Products.deleted(p));
      } else {
        live.add(p);
      }
    }
  }

  /** Writes every product (and the deletes) through the alias, then refreshes. */
  public Catalog writeTo(SearchIndexes indexes, ProjectionWriter writer) throws IOException {
    List<EventEnvelope> events = new ArrayList<>();
    all.forEach(p -> events.add(Products.event(p)));
    deleted.forEach(p -> events.add(Products.event(p)));
    BulkWriteResult result = writer.write(events);
    if (result.count(WriteOutcome.OK) != events.size()) {
      throw new IllegalStateException("catalog not written: " + result);
    }
    indexes.refresh(indexes.alias());
    return this;
  }

  public static String lowerTitle(Product p) {
    return p.title().toLowerCase(Locale.ROOT);
  }
}
