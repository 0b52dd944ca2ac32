package io.catalog.operations.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.dlq.DeadLetter;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void headersSurviveStorageByteForByteInTheirOrderRepeatsAndBinaryIncluded() {
    Headers original = new RecordHeaders();
    original.add("event_id", utf8(UUID.randomUUID().toString()));
    original.add("trace", new byte[] {0, (byte) 0xff, 42});
    original.add("dup", utf8("first"));
    original.add("dup", utf8("second"));
    original.add("empty", null);
    original.add(DeadLetterHeaders.ATTEMPTS, utf8("3"));

    Headers back = DeadLetterRecords.headers(DeadLetterRecords.headersJson(original));

    assertThat(pairs(back)).isEqualTo(pairs(original));
  }

  @Test
  void aRecordBecomesAnEntryWithItsPlaceItsHistoryAndItsClass() {
    UUID eventId = UUID.randomUUID();
    RecordHeaders headers = new RecordHeaders();
    headers.add("event_id", utf8(eventId.toString()));
    headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8("product.events"));
    headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, utf8("2"));
    headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, utf8("120"));
    headers.add(
        DeadLetterHeaders.EXCEPTION_CLASS,
        utf8("io.catalog.search.projection.MalformedEventException"));
    headers.add(DeadLetterHeaders.EXCEPTION_MESSAGE, utf8("event value is not JSON"));
    headers.add(DeadLetterHeaders.ATTEMPTS, utf8("6"));
    headers.add(DeadLetterHeaders.FAILED_AT, utf8("2026-01-10T12:00:45Z"));
    ConsumerRecord<byte[], byte[]> r = dlqRecord(7, utf8("key-1"), utf8("{not json"), headers);

    DeadLetter d = DeadLetterRecords.of(r);

    assertThat(d.eventId()).isEqualTo(eventId);
    assertThat(d.dlqOffset()).isEqualTo(7);
    assertThat(d.originalTopic()).isEqualTo("product.events");
    assertThat(d.originalPartition()).isEqualTo(2);
    assertThat(d.originalOffset()).isEqualTo(120L);
    assertThat(d.attempts()).isEqualTo(6);
    assertThat(d.failedAt()).hasToString("2026-01-10T12:00:45Z");
    assertThat(d.recordKey()).isEqualTo("key-1");
    assertThat(d.errorClass()).isEqualTo(DlqClassifier.MALFORMED);
  }

  @Test
  void aV2EventThePreviousReleaseRefusedIsParkedAsASchemaMismatchAndKeptForReplayAsItCame() {
    EventEnvelope e =
        ProductEvents.envelope(EventType.UPDATED, DlqClassifierTest.PRODUCT, null, null);
    byte[] value = utf8(Json.write(e));
    RecordHeaders headers = new RecordHeaders();
    headers.add(EventEnvelope.HEADER_EVENT_ID, utf8(e.eventId().toString()));
    headers.add(EventEnvelope.HEADER_EVENT_TYPE, utf8(e.eventType()));
    headers.add(EventEnvelope.HEADER_SCHEMA_VERSION, utf8("2"));
    headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8("product.events"));
    headers.add(DeadLetterHeaders.EXCEPTION_CLASS, utf8(DlqClassifierTest.UNSUPPORTED));
    headers.add(
        DeadLetterHeaders.EXCEPTION_MESSAGE,
        utf8("unsupported schema_version 2 (this reader reads 1 to 1)"));
    headers.add(DeadLetterHeaders.ATTEMPTS, utf8("3"));
    ConsumerRecord<byte[], byte[]> r =
        dlqRecord(8, utf8(e.aggregateId().toString()), value, headers);

    DeadLetter d = DeadLetterRecords.of(r);

    assertThat(d.errorClass()).isEqualTo(DlqClassifier.SCHEMA_MISMATCH);
    assertThat(d.eventId()).isEqualTo(e.eventId());
    // What a replay republishes (DlqReplay): the v2 bytes and every header, unchanged.
    assertThat(d.recordValue()).isEqualTo(value);
    assertThat(d.recordKeyBytes()).isEqualTo(r.key());
    assertThat(pairs(DeadLetterRecords.headers(d.headersJson()))).isEqualTo(pairs(headers));
  }

  /** A record of the dead-letter topic's partition 0. */
  static ConsumerRecord<byte[], byte[]> dlqRecord(
      long offset, byte[] key, byte[] value, Headers headers) {
    return new ConsumerRecord<>(
        "dlq.product.events",
        0,
        offset,
        0L,
        org.apache.kafka.common.record.TimestampType.CREATE_TIME,
        0,
        0,
        key,
        value,
        headers,
        java.util.Optional.empty());
  }

  static List<String> pairs(Headers headers) {
    List<String> pairs = new ArrayList<>();
    for (Header h : headers) {
      pairs.add(
          h.key() + "=" + (h.value() == null ? "null" : java.util.Arrays.toString(h.value())));
    }
    return pairs;
  }
}
