package io.catalog.domain.product;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.catalog.domain.ids.Uuids;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a JSON product body into a {@link ProductDraft}, reading tokens directly so that nothing is
 * lost on the way: prices keep their exact decimal text (never a double), negative zero is visible,
 * duplicate keys and unknown fields are caught.
 */
public final class ProductRequestParser {
  public static final int MAX_TITLE = 200;

  /** The longest category, in characters after trimming (the column's check says the same). */
  public static final int MAX_CATEGORY = 50;

  /** numeric(12,2): ten integer digits. */
  private static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");

  private static final Set<String> FIELDS =
      Set.of("seller_id", "title", "price", "currency", "stock", "category");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNumberLength(64).maxStringLength(65_536).build())
          .build();

  private ProductRequestParser() {}

  private record Token(JsonToken type, String text) {}

  /** Rule violations are 422; a value of the wrong JSON type makes the whole request a 400. */
  private static final class Errors {
    final List<FieldError> list = new ArrayList<>();
    boolean wrongType;

    void add(FieldError error) {
      list.add(error);
    }

    void wrongType(String field, String message) {
      wrongType = true;
      list.add(new FieldError(field, message));
    }
  }

  public static ProductDraft parse(byte[] body) {
    Map<String, Token> fields = readObject(body);
    Errors errors = new Errors();
    UUID sellerId = sellerId(fields.get("seller_id"), errors);
    String title = title(fields.get("title"), errors);
    BigDecimal price = price(fields.get("price"), errors);
    String currency = currency(fields.get("currency"), errors);
    Integer stock = stock(fields.get("stock"), errors);
    String category = category(fields.get("category"), errors);
    if (!errors.list.isEmpty()) {
      throw new ValidationException("validation failed", errors.list, errors.wrongType);
    }
    return new ProductDraft(sellerId, title, price, currency, stock, category);
  }

  private static Map<String, Token> readObject(byte[] body) {
    Map<String, Token> fields = new LinkedHashMap<>();
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ValidationException.syntax("$", "body must be a JSON object");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String name = p.currentName();
        if (!FIELDS.contains(name)) {
          throw ValidationException.syntax(name, "unknown field");
        }
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
          fields.putIfAbsent(name, new Token(value, null));
          throw ValidationException.syntax(name, "must be a scalar value");
        }
        if (fields.put(name, new Token(value, p.getText())) != null) {
          throw ValidationException.syntax(name, "duplicate field");
        }
      }
      if (p.nextToken() != null) {
        throw ValidationException.syntax("$", "trailing content after the JSON object");
      }
    } catch (StreamConstraintsException e) {
      throw ValidationException.syntax("$", "value too large: " + e.getOriginalMessage());
    } catch (JsonParseException e) {
      throw ValidationException.syntax("$", "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ValidationException.syntax("$", "unreadable body: " + e.getMessage());
    }
    return fields;
  }

  private static boolean missing(String field, Token t, Errors errors) {
    if (t == null || t.type() == JsonToken.VALUE_NULL) {
      errors.add(new FieldError(field, "is required"));
      return true;
    }
    return false;
  }

  private static UUID sellerId(Token t, Errors errors) {
    if (missing("seller_id", t, errors)) {
      return null;
    }
    if (t.type() != JsonToken.VALUE_STRING) {
      errors.wrongType("seller_id", "must be a UUID string");
      return null;
    }
    try {
      return Uuids.parse(t.text());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("seller_id", "is not a UUID"));
      return null;
    }
  }

  private static String title(Token t, Errors errors) {
    if (missing("title", t, errors)) {
      return null;
    }
    return trimmedText("title", t, MAX_TITLE, errors);
  }

  /** Optional: absent and null both mean none. */
  private static String category(Token t, Errors errors) {
    if (t == null || t.type() == JsonToken.VALUE_NULL) {
      return null;
    }
    return trimmedText("category", t, MAX_CATEGORY, errors);
  }

  /**
   * The rule every free-text field follows: a string, trimmed by {@link #trimJsonWhitespace}, then
   * 1 to {@code max} code points without NUL (which Postgres text cannot hold).
   */
  private static String trimmedText(String field, Token t, int max, Errors errors) {
    if (t.type() != JsonToken.VALUE_STRING) {
      errors.wrongType(field, "must be a string");
      return null;
    }
    String text = trimJsonWhitespace(t.text());
    int length = text.codePointCount(0, text.length());
    if (length < 1 || length > max) {
      errors.add(new FieldError(field, "must be 1 to " + max + " characters after trimming"));
      return null;
    }
    if (text.chars().anyMatch(c -> c == 0)) {
      errors.add(new FieldError(field, "must not contain NUL characters"));
      return null;
    }
    return text;
  }

  /**
   * Leading and trailing space, tab, CR and LF are dropped (JSON's own whitespace: what a form or a
   * template adds by accident); any other character counts. The API document's patterns for {@code
   * title} and {@code category} say exactly this.
   */
  public static String trimJsonWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isJsonWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isJsonWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isJsonWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static BigDecimal price(Token t, Errors errors) {
    if (missing("price", t, errors)) {
      return null;
    }
    if (t.type() != JsonToken.VALUE_NUMBER_INT && t.type() != JsonToken.VALUE_NUMBER_FLOAT) {
      errors.wrongType("price", "must be a number");
      return null;
    }
    if (t.text().startsWith("-")) {
      errors.add(new FieldError("price", "must be >= 0"));
      return null;
    }
    BigDecimal price = new BigDecimal(t.text());
    if (price.stripTrailingZeros().scale() > 2) {
      errors.add(new FieldError("price", "must have at most 2 decimal places"));
      return null;
    }
    if (price.compareTo(MAX_PRICE) > 0) {
      errors.add(new FieldError("price", "must be at most " + MAX_PRICE.toPlainString()));
      return null;
    }
    return price.setScale(2);
  }

  private static String currency(Token t, Errors errors) {
    if (t == null) {
      return "USD";
    }
    if (t.type() != JsonToken.VALUE_STRING) {
      errors.wrongType("currency", "must be a string of 3 upper-case letters");
      return null;
    }
    if (!CURRENCY.matcher(t.text()).matches()) {
      errors.add(new FieldError("currency", "must be an ISO 4217 code of 3 upper-case letters"));
      return null;
    }
    return t.text();
  }

  private static Integer stock(Token t, Errors errors) {
    if (missing("stock", t, errors)) {
      return null;
    }
    if (t.type() != JsonToken.VALUE_NUMBER_INT) {
      errors.wrongType("stock", "must be an integer");
      return null;
    }
    if (t.text().startsWith("-")) {
      errors.add(new FieldError("stock", "must be >= 0"));
      return null;
    }
    BigDecimal stock = new BigDecimal(t.text());
    if (stock.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      errors.add(new FieldError("stock", "must be at most " + Integer.MAX_VALUE));
      return null;
    }
    return stock.intValueExact();
  }
}
