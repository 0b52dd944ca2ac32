package io.catalog.workers.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownProducerIdException;

/**
 * Sorts send failures into the two classes the outbox treats differently.
 *
 * <p><b>Retriable</b>: the broker or the producer is the problem, not the record — timeouts,
 * disconnects, not enough replicas, leader changes, unknown topic while metadata catches up, and
 * producer-state errors (closed, interrupted, fenced epoch). The row stays PENDING and its attempts
 * are not touched: an outage of any length never turns events into FAILED ones.
 *
 * <p><b>The record's own fault</b>: everything else — record too large, invalid record,
 * serialization, authorization. Counts one attempt; at the maximum the row becomes FAILED.
 */
public final class SendErrors {
  private SendErrors() {}

  public static boolean isRetriable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RetriableException
          || t instanceof InterruptException
          || t instanceof IllegalStateException
          || t instanceof OutOfOrderSequenceException
          || t instanceof UnknownProducerIdException
          || t instanceof InvalidProducerEpochException
          || t instanceof ProducerFencedException) {
        return true;
      }
    }
    // A bare KafkaException is the producer talking about itself ("producer closed forcefully").
    return e.getClass() == KafkaException.class;
  }

  /** One line for last_error and logs: class and message. */
  public static String describe(Throwable e) {
    String message = e.getMessage() != null ? e.getMessage() : "";
    String text = e.getClass().getSimpleName() + ": " + message;
    return text.length() > 1000 ? text.substring(0, 1000) : text;
  }
}
