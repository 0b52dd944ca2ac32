package io.catalog.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.catalog.domain.product.FieldError;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchParamsTest {
  private static final String SELLER = "00000000-0000-4000-8000-000000000001";

  @Test
  void defaultsToNewestFirstTwentyAtATime() {
    SearchQuery q = parse();

    assertThat(q)
        .isEqualTo(
            new SearchQuery(null, null, null, null, null, null, SearchSort.NEWEST, 20, null));
  }

  @Test
  void defaultsToRelevanceWhenThereIsText() {
    assertThat(parse("q", " lamp "))
        .extracting(SearchQuery::text, SearchQuery::sort)
        .containsExactly("lamp", SearchSort.RELEVANCE);
    assertThat(parse("q", "  ", "search_after", "").sort()).isEqualTo(SearchSort.NEWEST);
  }

  @Test
  void readsEveryParameter() {
    String cursor = SearchCursor.encode(List.of(5.0, SELLER));
    SearchQuery q =
        parse(
            "q",
            "lamp",
            "seller_id",
            SELLER,
            "category",
            "lighting",
            "min_price",
            "1.5",
            "max_price",
            "10",
            "in_stock",
            "false",
            "sort",
            "price_desc",
            "limit",
            "100",
            "search_after",
            cursor);

    assertThat(q)
        .isEqualTo(
            new SearchQuery(
                "lamp",
                UUID.fromString(SELLER),
                "lighting",
                new BigDecimal("1.5"),
                new BigDecimal("10"),
                false,
                SearchSort.PRICE_DESC,
                100,
                List.of(5.0, SELLER)));
  }

  @Test
  void equalMinAndMaxAreFine() {
    assertThat(parse("min_price", "3.00", "max_price", "3", "limit", "1").minPrice())
        .isEqualByComparingTo("3");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "seller_id | 42",
        "seller_id | ''",
        "seller_id | 0b6f3c1e7d2a4c559f001234567890ab",
        "category | ''",
        "category | LONG",
        "min_price | -1",
        "min_price | abc",
        "min_price | 1.005",
        "min_price | 1e3",
        "min_price | 99999999999",
        "max_price | ''",
        "in_stock | yes",
        "in_stock | TRUE",
        "sort | cheapest",
        "limit | 0",
        "limit | 101",
        "limit | ten",
        "search_after | not-a-cursor",
        "q | LONG"
      })
  void eachBadParameterIsNamed(String field, String value) {
    String v = "LONG".equals(value) ? "x".repeat("q".equals(field) ? 201 : 51) : value;
    var e = catchThrowableOfType(InvalidSearchParametersException.class, () -> parse(field, v));

    assertThat(e.errors()).extracting(FieldError::field).containsExactly(field);
  }

  @Test
  void aCategoryIsMatchedAsGivenUpToFiftyCharacters() {
    assertThat(parse("category", "Home & Garden").category()).isEqualTo("Home & Garden");
    assertThat(parse("category", " lighting ").category()).isEqualTo(" lighting ");
    assertThat(parse("category", "c".repeat(50)).category()).hasSize(50);
    // Characters, not UTF-16 units, as the API counts them when it stores one.
    assertThat(parse("category", "\uD83D\uDCA1".repeat(50)).category()).hasSize(100);
    assertThat(parse("q", "lamp").category()).isNull();

    var e =
        catchThrowableOfType(
            InvalidSearchParametersException.class, () -> parse("category", "c".repeat(51)));
    assertThat(e.errors())
        .containsExactly(new FieldError("category", "must be 1 to 50 characters"));
  }

  @Test
  void minAboveMaxIsNamedOnMin() {
    var e =
        catchThrowableOfType(
            InvalidSearchParametersException.class,
            () -> parse("min_price", "10", "max_price", "9.99"));

    assertThat(e.errors())
        .containsExactly(new FieldError("min_price", "must not be greater than max_price"));
  }

  @Test
  void aCursorMustFitTheSort() {
    String titleCursor = SearchCursor.encode(List.of("lamp", SELLER));

    var e =
        catchThrowableOfType(
            InvalidSearchParametersException.class,
            () -> parse("sort", "price_asc", "search_after", titleCursor));

    assertThat(e.errors()).extracting(FieldError::field).containsExactly("search_after");
    assertThat(parse("sort", "title", "search_after", titleCursor).searchAfter())
        .containsExactly("lamp", SELLER);
  }

  @Test
  void reportsEveryBadParameterAtOnce() {
    var e =
        catchThrowableOfType(
            InvalidSearchParametersException.class,
            () ->
                parse(
                    "seller_id",
                    "x",
                    "category",
                    "",
                    "min_price",
                    "-1",
                    "max_price",
                    "y",
                    "in_stock",
                    "maybe",
                    "sort",
                    "z",
                    "limit",
                    "0"));

    assertThat(e.errors())
        .extracting(FieldError::field)
        .containsExactly(
            "seller_id", "category", "min_price", "max_price", "in_stock", "sort", "limit");
  }

  /** Parses the given name, value pairs; every other parameter is absent. */
  private static SearchQuery parse(String... nameValues) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      given.put(nameValues[i], nameValues[i + 1]);
    }
    return SearchParams.parse(given::get);
  }
}
