package io.catalog.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.catalog.domain.product.FieldError;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchParamsTest {
  private static final String SELLER = "00000000-0000-4000-8000-000000000001";

  @Test
  void defaultsToNewestFirstTwentyAtATime() {
    SearchQuery q = SearchParams.parse(null, null, null, null, null, null, null, null);

    assertThat(q)
        .isEqualTo(new SearchQuery(null, null, null, null, null, SearchSort.NEWEST, 20, null));
  }

  @Test
  void defaultsToRelevanceWhenThereIsText() {
    assertThat(SearchParams.parse(" lamp ", null, null, null, null, null, null, null))
        .extracting(SearchQuery::text, SearchQuery::sort)
        .containsExactly("lamp", SearchSort.RELEVANCE);
    assertThat(SearchParams.parse("  ", null, null, null, null, null, null, "").sort())
        .isEqualTo(SearchSort.NEWEST);
  }

  @Test
  void readsEveryParameter() {
    String cursor = SearchCursor.encode(List.of(5.0, SELLER));
    SearchQuery q =
        SearchParams.parse("lamp", SELLER, "1.5", "10", "false", "price_desc", "100", cursor);

    assertThat(q)
        .isEqualTo(
            new SearchQuery(
                "lamp",
                UUID.fromString(SELLER),
                new BigDecimal("1.5"),
                new BigDecimal("10"),
                false,
                SearchSort.PRICE_DESC,
                100,
                List.of(5.0, SELLER)));
  }

  @Test
  void equalMinAndMaxAreFine() {
    assertThat(SearchParams.parse(null, null, "3.00", "3", null, null, "1", null).minPrice())
        .isEqualByComparingTo("3");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "seller_id | 42",
        "seller_id | ''",
        "seller_id | 0b6f3c1e7d2a4c559f001234567890ab",
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
    String v = "LONG".equals(value) ? "x".repeat(201) : value;
    String[] params = new String[8];
    int at =
        List.of(
                "q",
                "seller_id",
                "min_price",
                "max_price",
                "in_stock",
                "sort",
                "limit",
                "search_after")
            .indexOf(field);
    params[at] = v;

    var e =
        catchThrowableOfType(
            InvalidSearchParametersException.class,
            () ->
                SearchParams.parse(
                    params[0], params[1], params[2], params[3], params[4], params[5], params[6],
                    params[7]));

    assertThat(e.errors()).extracting(FieldError::field).containsExactly(field);
  }

  @Test
  void minAboveMaxIsNamedOnMin() {
    var e =
        catchThrowableOfType(
            InvalidSearchParametersException.class,
            () -> SearchParams.parse(null, null, "10", "9.99", null, null, null, null));

    assertThat(e.errors())
        .containsExactly(new FieldError("min_price", "must not be greater than max_price"));
  }

  @Test
  void aCursorMustFitTheSort() {
    String titleCursor = SearchCursor.encode(List.of("lamp", SELLER));

    var e =
        catchThrowableOfType(
            InvalidSearchParametersException.class,
            () -> SearchParams.parse(null, null, null, null, null, "price_asc", null, titleCursor));

    assertThat(e.errors()).extracting(FieldError::field).containsExactly("search_after");
    assertThat(
            SearchParams.parse(null, null, null, null, null, "title", null, titleCursor)
                .searchAfter())
        .containsExactly("lamp", SELLER);
  }

  @Test
  void reportsEveryBadParameterAtOnce() {
    var e =
        catchThrowableOfType(
            InvalidSearchParametersException.class,
            () -> SearchParams.parse(null, "x", "-1", "y", "maybe", "z", "0", null));

    assertThat(e.errors())
        .extracting(FieldError::field)
        .containsExactly("seller_id", "min_price", "max_price", "in_stock", "sort", "limit");
  }
}
