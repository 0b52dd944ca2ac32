package io.catalog.operations.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StaleEventsTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEnvelopeGivesItsProductVersionAndWhetherItIsADeletion() {
    UUID id = UUID.randomUUID();

    assertThat(
            StaleEvents.read(
                bytes(
                    "{\"aggregate_id\":\""
                        + id
                        + "\",\"aggregate_version\":2,\"event_type\":\"product.updated\"}")))
        .contains(new StaleEvents.Event(id, 2, false));
    assertThat(
            StaleEvents.read(
                bytes(
                    "{\"aggregate_id\":\""
                        + id
                        + "\",\"aggregate_version\":3,\"event_type\":\"product.deleted\"}")))
        .contains(new StaleEvents.Event(id, 3, true));
  }

  @Test
  void whatCannotBeComparedIsNotCalledStale() {
    assertThat(StaleEvents.read(null)).isEmpty();
    assertThat(StaleEvents.read(bytes("{not json"))).isEmpty();
    assertThat(StaleEvents.read(bytes("[1,2]"))).isEmpty();
    assertThat(StaleEvents.read(bytes("{\"aggregate_id\":\"not-a-uuid\",\"aggregate_version\":2}")))
        .isEmpty();
    assertThat(StaleEvents.read(bytes("{\"aggregate_id\":\"" + UUID.randomUUID() + "\"}")))
        .isEmpty();
  }
}
