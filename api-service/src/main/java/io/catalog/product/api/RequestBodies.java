package io.catalog.product.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

/** Reads request bodies with a hard size limit and parses the small headers the API uses. */
final class RequestBodies {
  static final int MAX_BODY = 64 * 1024;

  private RequestBodies() {}

  static byte[] read(InputStream in) {
    try {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw ApiErrors.of(413, "request body too large", "$", "must be at most " + MAX_BODY + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code If-Match} as a bare version ({@code 3}) or an entity tag ({@code "3"}, {@code W/"3"}). */
  static Long version(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return null;
    }
    String v = ifMatch.strip();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    v = v.replace("\"", "");
    try {
      long version = Long.parseLong(v);
      if (version < 1) {
        throw new NumberFormatException();
      }
      return version;
    } catch (NumberFormatException e) {
      throw ApiErrors.of(400, "malformed request", "If-Match", "must be a product version such as \"3\"");
    }
  }

  static UUID uuid(String value, String field) {
    try {
      if (value == null || value.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw ApiErrors.of(400, "malformed request", field, "is not a UUID");
    }
  }

  static UUID correlationId(String header) {
    if (header == null) {
      return null;
    }
    try {
      return UUID.fromString(header);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
