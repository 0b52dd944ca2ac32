package io.catalog.api.product;

import io.catalog.api.BoundedBody;
import io.catalog.api.Problems;
import io.catalog.domain.ids.Uuids;
import java.io.InputStream;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads request bodies with a hard size limit and parses the small headers the API uses. */
final class RequestBodies {
  static final int MAX_BODY = 64 * 1024;

  private RequestBodies() {}

  /** The whole body, at most {@link #MAX_BODY} bytes (413 beyond). */
  static byte[] read(InputStream in) {
    return BoundedBody.read(in, MAX_BODY);
  }

  /**
   * What the document's If-Match pattern allows: {@code "3"}, {@code W/"3"} or a bare {@code 3}.
   */
  private static final Pattern IF_MATCH =
      Pattern.compile("(?:W/)?\"([1-9][0-9]{0,17})\"|([1-9][0-9]{0,17})");

  /**
   * {@code If-Match} as a bare version ({@code 3}) or an entity tag ({@code "3"}, {@code W/"3"});
   * null when absent.
   */
  static Long version(String ifMatch) {
    if (ifMatch == null) {
      return null;
    }
    Matcher m = IF_MATCH.matcher(ifMatch.strip());
    if (!m.matches()) {
      throw Problems.of(
          400, "malformed request", "If-Match", "must be a product version such as \"3\"");
    }
    // At most 18 digits: always a long.
    return Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2));
  }

  /**
   * RFC 9562's text form exactly (what the document's {@code format: uuid} means): 8-4-4-4-12 hex
   * digits ({@link Uuids#parse}).
   */
  static UUID uuid(String value, String field) {
    try {
      return Uuids.parse(value);
    } catch (IllegalArgumentException e) {
      throw Problems.of(400, "malformed request", field, "is not a UUID");
    }
  }

  /**
   * The request's X-Correlation-Id, carried into the event's headers; a value that is not a UUID is
   * a 400.
   */
  static UUID correlationId(String header) {
    return header == null ? null : uuid(header, "X-Correlation-Id");
  }
}
