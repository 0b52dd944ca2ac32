package io.catalog.workers.dlq;

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
   * {@link #TRUNCATED} with its {@link #ORIGINAL_SIZE}, so it cannot block its partition.
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
  }

  private void publishTruncated(Letter letter, Instant failedAt) throws InterruptedException {
    ConsumerRecord<byte[], byte[]> r = letter.record();
    int size = r.value() == null ? 0 : r.value().length;
    ExecutionException last = null;
    for (int limit : TRUNCATED_SIZES) {
      byte[] value = r.value() == null ? null : Arrays.copyOf(r.value(), Math.min(limit, size));
      Headers headers = headers(letter, failedAt);
      headers.add(TRUNCATED, "true".getBytes(StandardCharsets.UTF_8));
      headers.add(ORIGINAL_SIZE, Integer.toString(size).getBytes(StandardCharsets.UTF_8));
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
    int earlier = intHeader(r.headers(), ATTEMPTS);
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
    add(headers, ORIGINAL_TOPIC, r.topic());
    add(headers, ORIGINAL_PARTITION, Integer.toString(r.partition()));
    add(headers, ORIGINAL_OFFSET, Long.toString(r.offset()));
    add(headers, EXCEPTION_CLASS, letter.reason().exceptionClass());
    add(headers, EXCEPTION_MESSAGE, message);
    add(headers, ATTEMPTS, Integer.toString(earlier + letter.attempts()));
    add(headers, CONSUMER_GROUP, consumerGroup);
    add(headers, FAILED_AT, failedAt.toString());
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
