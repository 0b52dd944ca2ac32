package io.catalog.workers.dlq;

import io.catalog.operations.dlq.DeadLetterHeaders;
import io.catalog.workers.kafka.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes poison records to a dead-letter topic (docs/architecture.md, "Consumers"): key and value
 * unchanged, the original headers (event_id among them) kept, {@code dlq.*} headers describing
 * where and why. A record that was dead-lettered before (replayed and failed again) carries its
 * earlier attempts forward, so a poison event's history shows in {@code dlq.attempts} instead of
 * looping unnoticed.
 */
public final class DeadLetterPublisher {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);
  private static final int MAX_MESSAGE = 2_000;

  /** Value sizes tried, in turn, for a letter the broker or producer finds too large. */
  private static final List<Integer> TRUNCATED_SIZES = List.of(64 * 1024, 4 * 1024, 0);

  private final Producer<byte[], byte[]> producer;
  private final String dlqTopic;
  private final String consumerGroup;

  public DeadLetterPublisher(
      Producer<byte[], byte[]> producer, String dlqTopic, String consumerGroup) {
    this.producer = producer;
    this.dlqTopic = dlqTopic;
    this.consumerGroup = consumerGroup;
  }

  public String topic() {
    return dlqTopic;
  }

  public record Letter(
      ConsumerRecord<byte[], byte[]> record, Decision.Poison reason, int attempts) {}

  /**
   * Sends all letters and waits for every acknowledgement together; throws {@link
   * IllegalStateException} if any failed for a passing reason (the caller retries). A letter too
   * large for the DLQ topic can never be sent whole: it is sent again with its value cut, marked
   * {@link #DeadLetterHeaders.TRUNCATED} with its {@link #DeadLetterHeaders.ORIGINAL_SIZE}, so it
   * cannot block its partition. Each letter sent is logged.
   */
  public void publish(List<Letter> letters) throws InterruptedException {
    Instant failedAt = Instant.now();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (Letter letter : letters) {
      ConsumerRecord<byte[], byte[]> r = letter.record();
      acks.add(
          producer.send(
              new ProducerRecord<>(dlqTopic, null, r.key(), r.value(), headers(letter, failedAt))));
    }
    producer.flush();
    for (int i = 0; i < acks.size(); i++) {
      try {
        await(acks.get(i));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RecordTooLargeException)) {
          throw new IllegalStateException("dead-letter send to " + dlqTopic + " failed", e);
        }
        publishTruncated(letters.get(i), failedAt);
      }
    }
    for (Letter l : letters) {
      ConsumerRecord<byte[], byte[]> r = l.record();
      log.warn(
          "{}: dead-lettered {}-{}@{} (aggregate_id {}) to {} after {} attempts: {}",
          consumerGroup,
          r.topic(),
          r.partition(),
          r.offset(),
          r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
          dlqTopic,
          l.attempts(),
          l.reason().message());
    }
  }

  private void publishTruncated(Letter letter, Instant failedAt) throws InterruptedException {
    ConsumerRecord<byte[], byte[]> r = letter.record();
    int size = r.value() == null ? 0 : r.value().length;
    ExecutionException last = null;
    for (int limit : TRUNCATED_SIZES) {
      byte[] value = r.value() == null ? null : Arrays.copyOf(r.value(), Math.min(limit, size));
      Headers headers = headers(letter, failedAt);
      headers.add(DeadLetterHeaders.TRUNCATED, "true".getBytes(StandardCharsets.UTF_8));
      headers.add(
          DeadLetterHeaders.ORIGINAL_SIZE, Integer.toString(size).getBytes(StandardCharsets.UTF_8));
      try {
        await(producer.send(new ProducerRecord<>(dlqTopic, null, r.key(), value, headers)));
        log.warn(
            "dead letter of {}-{}@{} too large for {}: sent with its value cut from {} to {} bytes",
            r.topic(),
            r.partition(),
            r.offset(),
            dlqTopic,
            size,
            value == null ? 0 : value.length);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RecordTooLargeException)) {
          throw new IllegalStateException("dead-letter send to " + dlqTopic + " failed", e);
        }
        last = e;
      }
    }
    throw new IllegalStateException(
        "dead letter too large for " + dlqTopic + " even without its value", last);
  }

  private static void await(Future<RecordMetadata> ack)
      throws InterruptedException, ExecutionException {
    try {
      ack.get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ExecutionException("no acknowledgement within 30 s", e);
    }
  }

  Headers headers(Letter letter, Instant failedAt) {
    ConsumerRecord<byte[], byte[]> r = letter.record();
    int earlier = intHeader(r.headers(), DeadLetterHeaders.ATTEMPTS);
    RecordHeaders headers = new RecordHeaders();
    for (Header h : r.headers()) {
      if (!h.key().startsWith("dlq.")) {
        headers.add(h);
      }
    }
    String message = letter.reason().message();
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE);
    }
    add(headers, DeadLetterHeaders.ORIGINAL_TOPIC, r.topic());
    add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(r.partition()));
    add(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(r.offset()));
    add(headers, DeadLetterHeaders.EXCEPTION_CLASS, letter.reason().exceptionClass());
    add(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, message);
    add(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(earlier + letter.attempts()));
    add(headers, DeadLetterHeaders.CONSUMER_GROUP, consumerGroup);
    add(headers, DeadLetterHeaders.FAILED_AT, failedAt.toString());
    return headers;
  }

  private static int intHeader(Headers headers, String key) {
    try {
      Header h = headers.lastHeader(key);
      return h == null ? 0 : Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void add(RecordHeaders headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
