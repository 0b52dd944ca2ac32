package io.catalog.domain.ids;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): new products and events append to the end of their
 * B-tree indexes instead of landing on random pages, and ids sort by creation time.
 */
public final class Uuids {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The canonical text form, 8-4-4-4-12 hex digits, either case. */
  public static final Pattern TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Uuids() {}

  /**
   * The UUID of a canonical text, where {@link UUID#fromString} (on Java 17) also takes shorter
   * groups and signs ({@code "3fa85f6-45717-…"}, {@code "+fa85f64-…"}) as some other id.
   *
   * @throws IllegalArgumentException when {@code text} is not 8-4-4-4-12 hex digits
   */
  public static UUID parse(String text) {
    if (text == null || !TEXT.matcher(text).matches()) {
      throw new IllegalArgumentException("not a UUID: " + text);
    }
    return UUID.fromString(text);
  }

  public static UUID v7() {
    long millis = System.currentTimeMillis();
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
