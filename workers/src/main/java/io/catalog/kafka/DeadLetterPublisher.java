package io.catalog.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes poison records to a dead-letter topic (DESIGN §5): key and value unchanged, the original
 * headers (event_id among them) kept, {@code dlq.*} headers describing where and why. A record
 * that was dead-lettered before (replayed and failed again) carries its earlier attempts forward,
 * so a poison event's history shows in {@code dlq.attempts} instead of looping unnoticed.
 */
public final class DeadLetterPublisher {
  public static final String ORIGINAL_TOPIC = "dlq.original.topic";
  public static final String ORIGINAL_PARTITION = "dlq.original.partition";
  public static final String ORIGINAL_OFFSET = "dlq.original.offset";
  public static final String EXCEPTION_CLASS = "dlq.exception.class";
  public static final String EXCEPTION_MESSAGE = "dlq.exception.message";
  public static final String ATTEMPTS = "dlq.attempts";
  public static final String CONSUMER_GROUP = "dlq.consumer.group";
  public static final String FAILED_AT = "dlq.failed_at";
  private static final int MAX_MESSAGE = 2_000;

  private final Producer<byte[], byte[]> producer;
  private final String dlqTopic;
  private final String consumerGroup;

  public DeadLetterPublisher(Producer<byte[], byte[]> producer, String dlqTopic, String consumerGroup) {
    this.producer = producer;
    this.dlqTopic = dlqTopic;
    this.consumerGroup = consumerGroup;
  }

  public String topic() {
    return dlqTopic;
  }

  public record Letter(ConsumerRecord<byte[], byte[]> record, Decision.Poison reason, int attempts) {}

  /** Sends all letters and waits for every acknowledgement together; throws if any failed. */
  public void publish(List<Letter> letters) throws InterruptedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (Letter letter : letters) {
      ConsumerRecord<byte[], byte[]> r = letter.record();
      acks.add(
          producer.send(
              new ProducerRecord<>(dlqTopic, null, r.key(), r.value(), headers(letter, Instant.now()))));
    }
    producer.flush();
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("dead-letter send to " + dlqTopic + " failed", e);
      }
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
