package io.catalog.search.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The orders a search can ask for. Every one ends with {@code id} ascending, so equal keys still
 * have one fixed order and {@code search_after} pages neither skip nor repeat.
 */
public enum SearchSort {
  RELEVANCE(Key.NUMBER),
  PRICE_ASC(Key.NUMBER),
  PRICE_DESC(Key.NUMBER),
  NEWEST(Key.INTEGER),
  TITLE(Key.STRING);

  /** The JSON type of the first sort value, what a cursor for this order must hold. */
  public enum Key {
    NUMBER,
    INTEGER,
    STRING
  }

  private final Key key;

  SearchSort(Key key) {
    this.key = key;
  }

  /** The {@code sort} parameter's value: the lower-case name, e.g. {@code price_asc}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Key key() {
    return key;
  }

  public static Optional<SearchSort> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }
}
