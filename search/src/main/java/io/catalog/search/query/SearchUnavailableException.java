package io.catalog.search.query;

/**
 * The read model cannot answer now: the alias is missing or Elasticsearch is unreachable or
 * overloaded.
 */
public final class SearchUnavailableException extends RuntimeException {
  public SearchUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
