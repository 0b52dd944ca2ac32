package io.catalog.domain.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.ids.Uuids;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The one builder of product events (the seed's "two versions of the envelope code" bug cannot
 * happen: the API, the command consumer and every test build events here, and the outbox stores the
 * finished envelope so the publisher never rebuilds it).
 */
public final class ProductEvents {
  /**
   * Wire format of every product timestamp, in events and in search documents: UTC, milliseconds.
   */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  /** Epoch seconds of 0001-01-01T00:00:00Z and of the last second of 9999: four-digit years. */
  private static final long FIRST_FAST = -62_135_596_800L;

  private static final long LAST_FAST = 253_402_300_799L;

  private ProductEvents() {}

  /**
   * {@code at} in the {@link #TIMESTAMP} format, written by hand for four-digit years (the
   * formatter was a fourteenth of a rebuild's load, docs/benchmarks.md, W4); {@code
   * ProductEventsTest} holds the two to the same text.
   */
  public static String timestamp(Instant at) {
    long seconds = at.getEpochSecond();
    if (seconds < FIRST_FAST || seconds > LAST_FAST) {
      return TIMESTAMP.format(at);
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, at.getNano(), ZoneOffset.UTC);
    char[] c = "0000-00-00T00:00:00.000Z".toCharArray();
    put(c, 0, 4, t.getYear());
    put(c, 5, 2, t.getMonthValue());
    put(c, 8, 2, t.getDayOfMonth());
    put(c, 11, 2, t.getHour());
    put(c, 14, 2, t.getMinute());
    put(c, 17, 2, t.getSecond());
    put(c, 20, 3, t.getNano() / 1_000_000);
    return new String(c);
  }

  /**
   * The instant of a text in the {@link #TIMESTAMP} shape ({@code 2026-01-10T12:00:45.123Z}), read
   * by hand, as {@link #timestamp} writes it; null for any other text, which the caller then reads
   * with {@code OffsetDateTime.parse} or refuses. Three parses per event were a ninth of the
   * projection's CPU (docs/benchmarks.md, W3); {@code ProductEventsTest} and {@code
   * EnvelopeReaderTest} hold the two to the same answers.
   */
  public static Instant readTimestamp(String text) {
    if (text.length() != 24
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(19) != '.'
        || text.charAt(23) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int millis = digits(text, 20, 23);
    if ((year | month | day | hour | minute | second | millis) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // out of range (month 13, 30 February): the full parser says why
    }
  }

  /** The ASCII digits of {@code text[from, to)} as a number, or -1. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Writes {@code value} as {@code width} decimal digits ending at {@code from + width}. */
  private static void put(char[] c, int from, int width, int value) {
    for (int i = from + width - 1; i >= from; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Full product state after the change, including {@code deleted}, in schema version {@link
   * ProductEventUpcaster#CURRENT}: the price an object of exact decimal string and currency, the
   * category present only when the product has one.
   */
  public static ObjectNode payload(Product p) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("id", p.id().toString());
    node.put("seller_id", p.sellerId().toString());
    node.put("title", p.title());
    node.putObject("price").put("amount", amount(p.price())).put("currency", p.currency());
    if (p.category() != null) {
      node.put("category", p.category());
    }
    node.put("stock", p.stock());
    node.put("version", p.version());
    node.put("created_at", timestamp(p.createdAt().toInstant()));
    node.put("updated_at", timestamp(p.updatedAt().toInstant()));
    node.put("deleted", p.deleted());
    return node;
  }

  /**
   * A price as the payload's {@code price.amount}: plain (never exponent notation) with scale 2, as
   * {@code numeric(12,2)} stores it. A value with more decimals keeps them, for the reader's
   * validation to refuse rather than this to round.
   */
  public static String amount(BigDecimal price) {
    BigDecimal exact = price.stripTrailingZeros().scale() <= 2 ? price.setScale(2) : price;
    return exact.toPlainString();
  }

  public static EventEnvelope envelope(
      EventType type, Product product, UUID correlationId, UUID causationId) {
    return new EventEnvelope(
        Uuids.v7(),
        type.wireName(),
        EventEnvelope.SCHEMA_VERSION,
        EventEnvelope.AGGREGATE_TYPE,
        product.id(),
        product.version(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        correlationId != null ? correlationId : Uuids.v7(),
        causationId,
        payload(product));
  }
}
