package io.catalog.operations.dlq;

/**
 * The {@code dlq.*} headers a dead letter carries besides the original record's own
 * (docs/architecture.md, "Consumers"): where the record came from, why it failed and how often. The
 * consumers write them; the DLQ operations and the triage read them.
 */
public final class DeadLetterHeaders {
  public static final String ORIGINAL_TOPIC = "dlq.original.topic";
  public static final String ORIGINAL_PARTITION = "dlq.original.partition";
  public static final String ORIGINAL_OFFSET = "dlq.original.offset";
  public static final String EXCEPTION_CLASS = "dlq.exception.class";
  public static final String EXCEPTION_MESSAGE = "dlq.exception.message";
  public static final String ATTEMPTS = "dlq.attempts";
  public static final String CONSUMER_GROUP = "dlq.consumer.group";
  public static final String FAILED_AT = "dlq.failed_at";

  /** "true" when the value was cut to fit the DLQ topic; the letter cannot be replayed as is. */
  public static final String TRUNCATED = "dlq.truncated";

  /** The original value's size in bytes, on truncated letters. */
  public static final String ORIGINAL_SIZE = "dlq.original.size";

  private DeadLetterHeaders() {}
}
