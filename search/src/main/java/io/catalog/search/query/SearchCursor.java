package io.catalog.search.query;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code search_after} cursor: base64url (no padding) of the JSON array of the last hit's sort
 * values, e.g. {@code [19.99,"0b6f…"]}. Opaque to clients; checked against the requested sort on
 * the way back in, so a cursor of another order is a 400, not a silently wrong page.
 */
public final class SearchCursor {
  private static final int MAX_LENGTH = 1024;
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private SearchCursor() {}

  /**
   * @param values {@link Long}, {@link Double} or {@link String} sort values, in sort order
   */
  public static String encode(List<Object> values) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (Object v : values) {
      if (v instanceof Long l) {
        array.add(l);
      } else if (v instanceof Double d) {
        array.add(d);
      } else if (v instanceof String s) {
        array.add(s);
      } else {
        throw new IllegalArgumentException("unsupported sort value " + v);
      }
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Json.write(array).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return {@link Long}, {@link Double} and {@link String} values, in sort order
   * @throws IllegalArgumentException not a cursor this API returned for {@code sort}
   */
  public static List<Object> decode(String cursor, SearchSort sort) {
    if (cursor.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("too long");
    }
    JsonNode array;
    try {
      array = Json.mapper().readTree(Base64.getUrlDecoder().decode(cursor));
    } catch (IllegalArgumentException | JacksonException e) {
      throw new IllegalArgumentException("not base64url JSON", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable", e);
    }
    if (array == null || !array.isArray() || array.size() != 2) {
      throw new IllegalArgumentException("not a pair of sort values");
    }
    JsonNode first = array.get(0);
    JsonNode id = array.get(1);
    List<Object> values = new ArrayList<>(2);
    switch (sort.key()) {
      case NUMBER -> {
        require(first.isNumber());
        values.add(
            first.isIntegralNumber() ? (Object) first.longValue() : (Object) first.doubleValue());
      }
      case INTEGER -> {
        require(first.isIntegralNumber() && first.canConvertToLong());
        values.add(first.longValue());
      }
      case STRING -> {
        require(first.isTextual());
        values.add(first.textValue());
      }
    }
    require(id.isTextual() && UUID_TEXT.matcher(id.textValue()).matches());
    values.add(id.textValue());
    return values;
  }

  private static void require(boolean condition) {
    if (!condition) {
      throw new IllegalArgumentException("sort values do not fit this sort");
    }
  }
}
