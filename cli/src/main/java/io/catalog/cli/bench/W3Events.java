package io.catalog.cli.bench;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.ids.Uuids;
import io.catalog.domain.product.Product;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** W3's events: product.created events of fresh products, and their mixed v1/v2 form. */
final class W3Events {
  /** Of the products at even positions, so the version 2 events carry version 2's full shape. */
  static final String CATEGORY = "peripherals";

  private W3Events() {}

  /**
   * {@code events} product.created events of as many products, in this release's version; the
   * products at even positions have a {@link #CATEGORY}.
   */
  static List<EventEnvelope> envelopes(UUID seller, int events) {
    return envelopes(
        seller,
        Stream.generate(Uuids::v7).limit(events).toList(),
        OffsetDateTime.now(ZoneOffset.UTC));
  }

  /** As {@link #envelopes(UUID, int)}, for the products {@code ids}, created {@code now}. */
  static List<EventEnvelope> envelopes(UUID seller, List<UUID> ids, OffsetDateTime now) {
    List<EventEnvelope> envelopes = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      Product product =
          new Product(
              ids.get(i),
              seller,
              "Wireless Mouse " + i,
              new BigDecimal("15.99"),
              "USD",
              100,
              1,
              now,
              now,
              null,
              i % 2 == 0 ? CATEGORY : null);
      envelopes.add(ProductEvents.envelope(EventType.CREATED, product, null, null));
    }
    return envelopes;
  }

  /**
   * The same events, those at odd positions in their version 1 form: the products without a
   * category, which version 1 could not carry, so the documents stay the same.
   */
  static List<EventEnvelope> mixed(List<EventEnvelope> current) {
    List<EventEnvelope> mixed = new ArrayList<>(current.size());
    for (int i = 0; i < current.size(); i++) {
      mixed.add(i % 2 == 0 ? current.get(i) : LegacyEvents.v1(current.get(i)));
    }
    return mixed;
  }
}
