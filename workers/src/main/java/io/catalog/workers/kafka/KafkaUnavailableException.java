package io.catalog.workers.kafka;

/** The Kafka cluster did not answer in time (or the call was interrupted). */
public class KafkaUnavailableException extends RuntimeException {
  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
