package io.catalog.api.ops;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.api.BoundedBody;
import io.catalog.domain.http.Rfc3339;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads the small JSON bodies of the ops endpoints strictly: unknown fields are refused. */
final class OpsRequests {
  static final int MAX_BODY = 16 * 1024;

  private OpsRequests() {}

  static ObjectNode object(InputStream in, Set<String> allowed) {
    byte[] body = BoundedBody.read(in, MAX_BODY);
    JsonNode root;
    try {
      root = body.length == 0 ? null : Json.mapper().readTree(body);
    } catch (JacksonException e) {
      throw OpsErrors.badRequest("$", "is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw OpsErrors.badRequest("$", "must be a JSON object ({} selects everything)");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw OpsErrors.badRequest(name, "unknown field; allowed: " + String.join(", ", allowed));
      }
    }
    return (ObjectNode) root;
  }

  static String text(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual() || v.textValue().isEmpty()) {
      throw OpsErrors.badRequest(field, "must be a non-empty string");
    }
    return v.textValue();
  }

  static Integer integer(JsonNode root, String field, int min, int max) {
    JsonNode v = root.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      throw OpsErrors.badRequest(field, "must be an integer from " + min + " to " + max);
    }
    return v.intValue();
  }

  static boolean bool(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw OpsErrors.badRequest(field, "must be true or false");
    }
    return v.booleanValue();
  }

  static List<UUID> uuids(JsonNode root, String field) {
    JsonNode v = root.get(field);
    List<UUID> ids = new ArrayList<>();
    if (v == null) {
      return ids;
    }
    if (!v.isArray()) {
      throw OpsErrors.badRequest(field, "must be an array of UUIDs");
    }
    for (JsonNode id : v) {
      ids.add(uuid(id.isTextual() ? id.textValue() : id.toString(), field));
    }
    return ids;
  }

  static UUID uuid(String text, String field) {
    try {
      if (text == null || text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw OpsErrors.badRequest(field, "is not a UUID: " + text);
    }
  }

  /** An RFC 3339 date-time (null when absent; empty is malformed), in UTC. */
  static OffsetDateTime time(String text, String field) {
    if (text == null) {
      return null;
    }
    try {
      return Rfc3339.parse(text).atOffset(ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw OpsErrors.badRequest(field, "must be an RFC 3339 time such as 2026-01-10T12:00:00Z");
    }
  }
}
