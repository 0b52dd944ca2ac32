package io.catalog.search.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.product.ProductRequestParser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The rules a {@link ProductDocument}'s fields follow, whether they come from an event's payload or
 * straight from a row: each check throws {@link MalformedEventException} naming the payload field,
 * so a dead letter or a refused row says where to look.
 */
final class PayloadRules {
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  private PayloadRules() {}

  static BigDecimal amount(JsonNode node) {
    require(
        node != null && node.isTextual() && DECIMAL.matcher(node.textValue()).matches(),
        "payload.price.amount: must be a decimal string such as \"19.90\"");
    return price(new BigDecimal(node.textValue()));
  }

  static BigDecimal price(BigDecimal price) {
    require(
        price.signum() >= 0 && price.compareTo(MAX_PRICE) <= 0,
        "payload.price.amount: must be from 0 to 9999999999.99");
    require(
        price.stripTrailingZeros().scale() <= 2,
        "payload.price.amount: must have at most 2 decimals");
    return price.scale() < 2 ? price.setScale(2) : price.setScale(2, RoundingMode.UNNECESSARY);
  }

  static String currency(JsonNode node) {
    return currency(node != null && node.isTextual() ? node.textValue() : "");
  }

  static String currency(String text) {
    // char(3) in Postgres: strip is a no-op for valid codes, kept for padded ones.
    String currency = text == null ? "" : text.strip();
    require(
        CURRENCY.matcher(currency).matches(),
        "payload.price.currency: must be three capital letters");
    return currency;
  }

  /** Absent or null is none; otherwise what the API and {@code products.category} allow. */
  static String category(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return category(node.isTextual() ? node.textValue() : "");
  }

  static String category(String category) {
    if (category == null) {
      return null;
    }
    requireStoredText(
        category,
        ProductRequestParser.MAX_CATEGORY,
        "payload.category: must be absent, null or 1 to ");
    return category;
  }

  /**
   * Text as the API stores it: 1 to {@code max} characters (code points), JSON whitespace trimmed.
   */
  static void requireStoredText(String text, int max, String messageStart) {
    require(
        !text.isEmpty()
            && text.equals(ProductRequestParser.trimJsonWhitespace(text))
            && text.codePointCount(0, text.length()) <= max,
        messageStart + max + " characters, as the API stores them (trimmed)");
  }

  static int stock(JsonNode node) {
    require(
        node != null && node.isIntegralNumber() && node.canConvertToInt(),
        "payload.stock: must be an integer of at least 0");
    return stock(node.intValue());
  }

  static int stock(int stock) {
    require(stock >= 0, "payload.stock: must be an integer of at least 0");
    return stock;
  }

  static boolean deleted(JsonNode node) {
    require(node != null && node.isBoolean(), "payload.deleted: must be a boolean");
    return node.booleanValue();
  }

  static UUID payloadUuid(JsonNode p, String field) {
    return rename(() -> EnvelopeReader.uuid(p, field));
  }

  static long payloadLong(JsonNode p, String field) {
    return rename(() -> EnvelopeReader.positiveLong(p, field));
  }

  static Instant payloadInstant(JsonNode p, String field) {
    return rename(() -> EnvelopeReader.instant(p, field));
  }

  /** Field errors inside the payload name their path, so a DLQ reason says where to look. */
  static <T> T rename(Supplier<T> read) {
    try {
      return read.get();
    } catch (MalformedEventException e) {
      throw new MalformedEventException("payload." + e.getMessage());
    }
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new MalformedEventException(message);
    }
  }
}
