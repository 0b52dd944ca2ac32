package io.catalog.workers.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ConsumersTest {
  private final Map<String, Object> config =
      Consumers.groupConfig("127.0.0.1:9092", "catalog-projection", "projection-0", 1000);

  @Test
  void aTrickleOfEventsIsFetchedInBatchesNotARecordOrTwoAtATime() {
    // Kafka's defaults (1 byte, 500 ms) answer a fetch as soon as one record is there.
    assertThat(config)
        .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024)
        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
  }

  @Test
  void offsetsAreTheLoopsToCommitAndANewGroupReadsFromTheStart() {
    assertThat(config)
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "catalog-projection");
  }
}
