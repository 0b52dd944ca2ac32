package io.catalog.search.query;

import java.util.Arrays;
import java.util.Optional;

/**
 * The orders a search can ask for. Every one ends with {@code id} ascending, so equal keys still
 * have one fixed order and {@code search_after} pages neither skip nor repeat.
 */
public enum SearchSort {
  RELEVANCE("relevance", Key.NUMBER),
  PRICE_ASC("price_asc", Key.NUMBER),
  PRICE_DESC("price_desc", Key.NUMBER),
  NEWEST("newest", Key.INTEGER),
  TITLE("title", Key.STRING);

  /** The JSON type of the first sort value, what a cursor for this order must hold. */
  public enum Key {
    NUMBER,
    INTEGER,
    STRING
  }

  private final String wireName;
  private final Key key;

  SearchSort(String wireName, Key key) {
    this.wireName = wireName;
    this.key = key;
  }

  public String wireName() {
    return wireName;
  }

  public Key key() {
    return key;
  }

  public static Optional<SearchSort> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
