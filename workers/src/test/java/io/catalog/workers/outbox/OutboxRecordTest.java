package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.catalog.domain.outbox.ClaimedEvent;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutboxRecordTest {
  private static final UUID EVENT = UUID.fromString("01a21590-0d51-7221-97d3-df222c6dbe72");
  private static final UUID PRODUCT = UUID.fromString("01a21590-0d51-71f0-8eee-021eff1a0cd3");

  private static final String V2_PAYLOAD =
      "{\"event_id\": \""
          + EVENT
          + "\", \"payload\": {\"price\": {\"amount\": \"15.99\", \"currency\": \"USD\"}}}";

  private static ClaimedEvent row(String headers) {
    return row(V2_PAYLOAD, headers);
  }

  private static ClaimedEvent row(String payload, String headers) {
    return new ClaimedEvent(
        7, EVENT, PRODUCT, 3, "product.updated", "product.events", payload, headers, 0);
  }

  @Test
  void keyIsTheProductValueIsTheStoredTextHeadersComeFromTheRow() {
    ProducerRecord<String, String> record =
        OutboxRecord.of(
            row(
                "{\"event_id\": \""
                    + EVENT
                    + "\", \"event_type\": \"product.updated\", \"schema_version\": \"2\"}"));

    assertThat(record.topic()).isEqualTo("product.events");
    assertThat(record.key()).isEqualTo(PRODUCT.toString());
    assertThat(record.value()).isEqualTo(V2_PAYLOAD);
    assertThat(header(record, "event_id")).isEqualTo(EVENT.toString());
    assertThat(header(record, "event_type")).isEqualTo("product.updated");
    assertThat(header(record, "schema_version")).isEqualTo("2");
    assertThat(record.headers().toArray()).hasSize(3);
  }

  @Test
  void aRowThePreviousReleaseWroteIsSentAsItWasStored() {
    String v1 = "{\"event_id\": \"" + EVENT + "\", \"payload\": {\"price\": 15.99}}";
    ProducerRecord<String, String> record =
        OutboxRecord.of(
            row(
                v1,
                "{\"event_id\": \""
                    + EVENT
                    + "\", \"event_type\": \"product.updated\", \"schema_version\": \"1\"}"));

    // The publisher never rewrites an event: readers upcast it.
    assertThat(record.value()).isEqualTo(v1);
    assertThat(header(record, "schema_version")).isEqualTo("1");
  }

  @Test
  void theRowsColumnsWinOverStoredHeaders() {
    ProducerRecord<String, String> record =
        OutboxRecord.of(
            row(
                "{\"event_id\": \"something else\", \"event_type\": \"x\", \"schema_version\":"
                    + " \"1\"}"));

    assertThat(header(record, "event_id")).isEqualTo(EVENT.toString());
    assertThat(header(record, "event_type")).isEqualTo("product.updated");
  }

  @Test
  void aMissingSchemaVersionIsTheRowsOwnFault() {
    assertThatThrownBy(() -> OutboxRecord.of(row("{\"event_id\": \"" + EVENT + "\"}")))
        .isInstanceOf(MalformedOutboxRowException.class)
        .hasMessageContaining("schema_version");
    assertThatThrownBy(() -> OutboxRecord.of(row("[]")))
        .isInstanceOf(MalformedOutboxRowException.class);
  }

  @Test
  void storedHeadersAreReadAsTextTheWayATreeReadsThem() {
    assertThat(
            OutboxRecord.storedHeaders(
                "{\"schema_version\": 2, \"a\": null, \"b\": {\"c\": [1, 2]}, \"d\": [],"
                    + " \"e\": true, \"f\": \"x\", \"a\": \"again\"}"))
        .containsExactly(
            entry("schema_version", "2"),
            entry("a", "again"),
            entry("b", ""),
            entry("d", ""),
            entry("e", "true"),
            entry("f", "x"));
  }

  @Test
  void headersThatAreNotAJsonObjectAreTheRowsOwnFault() {
    assertThatThrownBy(() -> OutboxRecord.of(row("\"schema_version\"")))
        .isInstanceOf(MalformedOutboxRowException.class)
        .hasMessage("headers are not a JSON object");
    assertThatThrownBy(() -> OutboxRecord.of(row("{\"schema_version\": \"2\"")))
        .isInstanceOf(MalformedOutboxRowException.class)
        .hasMessageStartingWith("headers are not JSON: ");
    assertThatThrownBy(() -> OutboxRecord.of(row(null)))
        .isInstanceOf(MalformedOutboxRowException.class)
        .hasMessage("headers are not a JSON object");
    assertThatThrownBy(() -> OutboxRecord.of(row("{\"schema_version\": \"\"}")))
        .isInstanceOf(MalformedOutboxRowException.class)
        .hasMessage("header schema_version is missing");
  }

  private static String header(ProducerRecord<String, String> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
