package io.catalog.workers.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class SendErrorsTest {

  @Test
  void brokerOutagesAreRetriable() {
    assertThat(SendErrors.isRetriable(new TimeoutException("Expiring 3 record(s)"))).isTrue();
    assertThat(SendErrors.isRetriable(new NotEnoughReplicasException("isr shrank"))).isTrue();
    assertThat(SendErrors.isRetriable(new DisconnectException("gone"))).isTrue();
    assertThat(SendErrors.isRetriable(new UnknownTopicOrPartitionException("metadata catching up")))
        .isTrue();
    assertThat(SendErrors.isRetriable(new KafkaException("Producer is closed forcefully.")))
        .isTrue();
    assertThat(SendErrors.isRetriable(new KafkaException("wrapped", new TimeoutException("t"))))
        .isTrue();
  }

  @Test
  void theRecordsOwnFaultsCountAsAttempts() {
    assertThat(SendErrors.isRetriable(new RecordTooLargeException("1.2 MB"))).isFalse();
    assertThat(SendErrors.isRetriable(new SerializationException("bad"))).isFalse();
    assertThat(SendErrors.isRetriable(new TopicAuthorizationException("denied"))).isFalse();
  }

  @Test
  void describeIsOneBoundedLine() {
    assertThat(SendErrors.describe(new RecordTooLargeException("too big")))
        .isEqualTo("RecordTooLargeException: too big");
    assertThat(SendErrors.describe(new RuntimeException("x".repeat(5000)))).hasSize(1000);
  }
}
