package io.catalog.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchCursorTest {
  private static final String ID = "0b6f3c1e-7d2a-4c55-9f00-1234567890ab";

  @Test
  void roundTripsEachKindOfSortValue() {
    assertThat(SearchCursor.decode(SearchCursor.encode(List.of(19.99, ID)), SearchSort.PRICE_ASC))
        .containsExactly(19.99, ID);
    assertThat(SearchCursor.decode(SearchCursor.encode(List.of(1.0, ID)), SearchSort.PRICE_DESC))
        .containsExactly(1.0, ID);
    assertThat(
            SearchCursor.decode(SearchCursor.encode(List.of(0.2876821, ID)), SearchSort.RELEVANCE))
        .containsExactly(0.2876821, ID);
    assertThat(
            SearchCursor.decode(
                SearchCursor.encode(List.of(1768046445123L, ID)), SearchSort.NEWEST))
        .containsExactly(1768046445123L, ID);
    assertThat(SearchCursor.decode(SearchCursor.encode(List.of("desk lamp", ID)), SearchSort.TITLE))
        .containsExactly("desk lamp", ID);
  }

  @Test
  void isUrlSafeBase64OfTheSortValues() {
    String cursor = SearchCursor.encode(List.of("??>>", ID));

    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    assertThat(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8))
        .isEqualTo("[\"??>>\",\"" + ID + "\"]");
  }

  @Test
  void rejectsACursorOfAnotherSort() {
    String title = SearchCursor.encode(List.of("desk lamp", ID));
    String newest = SearchCursor.encode(List.of(1768046445123L, ID));

    assertThatThrownBy(() -> SearchCursor.decode(title, SearchSort.PRICE_ASC))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SearchCursor.decode(newest, SearchSort.TITLE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> SearchCursor.decode(SearchCursor.encode(List.of(1.5, ID)), SearchSort.NEWEST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAnythingElse() {
    for (String bad :
        List.of(
            "!!!",
            "e30",
            encode("[]"),
            encode("[1]"),
            encode("[1,2]"),
            encode("[1,\"x\"]"),
            encode("[1,\"" + ID + "\",3]"),
            encode("{\"a\":1}"),
            "A".repeat(2000))) {
      assertThatThrownBy(() -> SearchCursor.decode(bad, SearchSort.PRICE_ASC))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
