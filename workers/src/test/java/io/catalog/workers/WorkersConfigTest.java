package io.catalog.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkersConfigTest {

  @Test
  void defaultsAreTheLocalPortsOfDesignSection8() {
    WorkersConfig c = WorkersConfig.fromEnv(Map.of());

    assertThat(c.endpoints().dbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/platform");
    assertThat(c.endpoints().dbUser()).isEqualTo("platform");
    assertThat(c.endpoints().dbPassword()).isEqualTo("platform");
    assertThat(c.endpoints().kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(c.endpoints().elasticsearchUrl()).isEqualTo("http://127.0.0.1:9200");
    assertThat(c.endpoints().temporalTarget()).isEqualTo("127.0.0.1:7233");
    assertThat(c.endpoints().temporalNamespace()).isEqualTo("default");
    assertThat(c.metricsPort()).isEqualTo(8002);
    assertThat(c.opsBind()).isEqualTo("127.0.0.1");
    assertThat(c.consumerStaleAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.outboxShards()).isEqualTo(1);
    assertThat(c.outboxBatchSize()).isEqualTo(500);
    assertThat(c.outboxLinger()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.outboxMaxAttempts()).isEqualTo(10);
    assertThat(c.outboxRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(c.superviseInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.names().prefix()).isEmpty();
    assertThat(c.logFormat()).isEqualTo("text");
  }

  @Test
  void environmentOverridesAndRoundTrips() {
    WorkersConfig c =
        WorkersConfig.fromEnv(
            Map.of(
                "OUTBOX_SHARDS",
                "3",
                "PLATFORM_NAME_PREFIX",
                "it1-",
                "LOG_FORMAT",
                "json",
                "OUTBOX_RETENTION",
                "PT12H",
                "WORKERS_METRICS_PORT",
                "0",
                "WORKERS_OPS_BIND",
                "0.0.0.0",
                "OUTBOX_LINGER_MS",
                "0"));

    assertThat(c.outboxShards()).isEqualTo(3);
    assertThat(c.names().outboxTaskQueue()).isEqualTo("it1-outbox");
    assertThat(c.outboxRetention()).isEqualTo(Duration.ofHours(12));
    assertThat(c.opsBind()).isEqualTo("0.0.0.0");
    assertThat(c.outboxLinger()).isZero();
    assertThat(WorkersConfig.fromEnv(c.toEnv())).isEqualTo(c);
  }

  @Test
  void badValuesAreRejectedByName() {
    assertThatThrownBy(() -> WorkersConfig.fromEnv(Map.of("OUTBOX_SHARDS", "three")))
        .hasMessageContaining("OUTBOX_SHARDS");
    assertThatThrownBy(() -> WorkersConfig.fromEnv(Map.of("OUTBOX_SHARDS", "0")))
        .hasMessageContaining("OUTBOX_SHARDS");
    assertThatThrownBy(() -> WorkersConfig.fromEnv(Map.of("OUTBOX_LINGER_MS", "-1")))
        .hasMessageContaining("OUTBOX_LINGER_MS");
    assertThatThrownBy(() -> WorkersConfig.fromEnv(Map.of("OUTBOX_LINGER_MS", "1001")))
        .hasMessageContaining("OUTBOX_LINGER_MS");
    assertThatThrownBy(() -> WorkersConfig.fromEnv(Map.of("LOG_FORMAT", "xml")))
        .hasMessageContaining("LOG_FORMAT");
  }
}
