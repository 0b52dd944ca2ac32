package io.catalog.workers.outbox;

/** A row that cannot become a record (its own fault, counts as an attempt). */
final class MalformedOutboxRowException extends RuntimeException {
  MalformedOutboxRowException(String message) {
    super(message);
  }
}
