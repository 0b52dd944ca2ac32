package io.catalog.search.projection;

/** Not JSON, not an object, a missing field, a wrong type, or fields that contradict each other. */
public final class MalformedEventException extends InvalidEventException {
  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
