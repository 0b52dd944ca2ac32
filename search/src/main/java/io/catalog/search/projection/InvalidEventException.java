package io.catalog.search.projection;

/**
 * An event the projection can never apply, however often it is retried: the consumer sends it to
 * the dead-letter topic at once instead of burning its retries.
 */
public abstract sealed class InvalidEventException extends RuntimeException
    permits MalformedEventException, UnsupportedSchemaException {

  protected InvalidEventException(String message) {
    super(message);
  }

  protected InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Always false; named so that retry policies read as what they mean. */
  public boolean retriable() {
    return false;
  }
}
