package io.catalog.search.query;

import io.catalog.domain.ids.Uuids;
import io.catalog.domain.product.FieldError;
import io.catalog.domain.product.ProductRequestParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the raw query parameters of {@code GET /products/search} into a {@link SearchQuery},
 * reporting every bad parameter at once, each under its own name.
 */
public final class SearchParams {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  public static final int MAX_TEXT = 200;
  private static final BigDecimal HIGHEST_PRICE = new BigDecimal("9999999999.99");
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,10}(\\.\\d{1,2})?");
  private static final String SORTS =
      Arrays.stream(SearchSort.values())
          .map(SearchSort::wireName)
          .collect(Collectors.joining(", "));

  private SearchParams() {}

  public static final String Q = "q";
  public static final String SELLER_ID = "seller_id";
  public static final String CATEGORY = "category";
  public static final String MIN_PRICE = "min_price";
  public static final String MAX_PRICE = "max_price";
  public static final String IN_STOCK = "in_stock";
  public static final String SORT = "sort";
  public static final String LIMIT = "limit";
  public static final String SEARCH_AFTER = "search_after";

  /** Every parameter the endpoint reads; openapi.json documents exactly these. */
  public static final List<String> NAMES =
      List.of(Q, SELLER_ID, CATEGORY, MIN_PRICE, MAX_PRICE, IN_STOCK, SORT, LIMIT, SEARCH_AFTER);

  /**
   * Reads each parameter by name through {@code param}, which answers null for a parameter that was
   * not given (a request's first value otherwise). An empty {@code q} or {@code search_after}
   * counts as not given (what an empty form field sends); an empty value of any other parameter is
   * an error.
   *
   * @throws InvalidSearchParametersException naming every bad parameter
   */
  public static SearchQuery parse(Function<String, String> param) {
    List<FieldError> errors = new ArrayList<>();
    String text = text(param.apply(Q), errors);
    UUID seller = seller(param.apply(SELLER_ID), errors);
    String category = category(param.apply(CATEGORY), errors);
    BigDecimal min = price(MIN_PRICE, param.apply(MIN_PRICE), errors);
    BigDecimal max = price(MAX_PRICE, param.apply(MAX_PRICE), errors);
    if (min != null && max != null && min.compareTo(max) > 0) {
      errors.add(new FieldError(MIN_PRICE, "must not be greater than " + MAX_PRICE));
    }
    Boolean stock = inStock(param.apply(IN_STOCK), errors);
    SearchSort order = sort(param.apply(SORT), text, errors);
    int size = limit(param.apply(LIMIT), errors);
    String searchAfter = param.apply(SEARCH_AFTER);
    List<Object> after = null;
    if (searchAfter != null && !searchAfter.isEmpty() && order != null) {
      after = cursor(searchAfter, order, errors);
    }
    if (!errors.isEmpty()) {
      throw new InvalidSearchParametersException(errors);
    }
    return new SearchQuery(text, seller, category, min, max, stock, order, size, after);
  }

  private static String text(String q, List<FieldError> errors) {
    String text = q == null || q.isBlank() ? null : q.strip();
    if (text != null && text.codePointCount(0, text.length()) > MAX_TEXT) {
      errors.add(new FieldError(Q, "must be at most " + MAX_TEXT + " characters"));
    }
    return text;
  }

  private static UUID seller(String sellerId, List<FieldError> errors) {
    if (sellerId == null) {
      return null;
    }
    try {
      return Uuids.parse(sellerId);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(SELLER_ID, "must be a UUID"));
      return null;
    }
  }

  /**
   * Taken as given, neither trimmed nor case-folded: it is an exact match on what the API stored
   * (trimmed already), so a padded value finds nothing rather than something else.
   */
  private static String category(String category, List<FieldError> errors) {
    if (category == null) {
      return null;
    }
    int length = category.codePointCount(0, category.length());
    if (length < 1 || length > ProductRequestParser.MAX_CATEGORY) {
      errors.add(
          new FieldError(
              CATEGORY, "must be 1 to " + ProductRequestParser.MAX_CATEGORY + " characters"));
      return null;
    }
    return category;
  }

  private static Boolean inStock(String inStock, List<FieldError> errors) {
    if (inStock == null) {
      return null;
    }
    return switch (inStock) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> {
        errors.add(new FieldError(IN_STOCK, "must be true or false"));
        yield null;
      }
    };
  }

  /**
   * The sort asked for, else relevance for a text query and newest first otherwise; null when bad.
   */
  private static SearchSort sort(String sort, String text, List<FieldError> errors) {
    if (sort == null) {
      return text != null ? SearchSort.RELEVANCE : SearchSort.NEWEST;
    }
    var parsed = SearchSort.fromWire(sort);
    if (parsed.isEmpty()) {
      errors.add(new FieldError(SORT, "must be one of " + SORTS));
      return null;
    }
    return parsed.get();
  }

  private static List<Object> cursor(
      String searchAfter, SearchSort order, List<FieldError> errors) {
    try {
      return SearchCursor.decode(searchAfter, order);
    } catch (IllegalArgumentException e) {
      errors.add(
          new FieldError(
              SEARCH_AFTER, "is not a cursor this API returned for sort " + order.wireName()));
      return null;
    }
  }

  private static BigDecimal price(String name, String value, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    if (!DECIMAL.matcher(value).matches() || new BigDecimal(value).compareTo(HIGHEST_PRICE) > 0) {
      errors.add(
          new FieldError(
              name,
              "must be a decimal from 0 to "
                  + HIGHEST_PRICE.toPlainString()
                  + " with at most 2 decimals"));
      return null;
    }
    return new BigDecimal(value);
  }

  private static int limit(String value, List<FieldError> errors) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    errors.add(new FieldError(LIMIT, "must be an integer from 1 to " + MAX_LIMIT));
    return DEFAULT_LIMIT;
  }
}
