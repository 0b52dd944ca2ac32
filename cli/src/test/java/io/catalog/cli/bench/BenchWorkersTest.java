package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workers.WorkersConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchWorkersTest {
  static final Endpoints PLATFORM =
      new Endpoints(
          "jdbc:postgresql://127.0.0.1:5432/platform?ssl=false",
          "platform",
          "secret",
          "127.0.0.1:9092",
          "http://127.0.0.1:9200",
          "127.0.0.1:7233",
          "default",
          "it-0a1b2c-");

  static PlatformNames names(ScaleOut shape) {
    return PlatformNames.withPrefix("bench-ab12cd-" + shape.workload() + "-");
  }

  @Test
  void aBenchWorkersProcessRunsTheBenchEndpointsUnderItsConfigurationsOwnPrefix() {
    PlatformNames names = names(ScaleOut.THREE_BY_FOUR);
    Map<String, String> env = BenchWorkers.env(PLATFORM, names, 4, 41234);

    WorkersConfig config = WorkersConfig.fromEnv(env);
    assertThat(config.endpoints()).isEqualTo(PLATFORM.withNamePrefix("bench-ab12cd-w7-3x4-"));
    assertThat(config.outboxShards()).isEqualTo(4);
    assertThat(config.metricsPort()).isEqualTo(41234);
    assertThat(config.opsBind()).isEqualTo("127.0.0.1");
    assertThat(config.reconcileInterval()).isEqualTo(Duration.ZERO);
    assertThat(env).containsEntry("RECONCILE_INTERVAL", "off");
    assertThat(config.names().outboxPublisherWorkflowId(3))
        .isEqualTo("bench-ab12cd-w7-3x4-outbox-publisher-3");
    assertThat(config.names().productEvents()).isEqualTo("bench-ab12cd-w7-3x4-product.events");
    assertThat(config.names().outboxTaskQueue()).isEqualTo("bench-ab12cd-w7-3x4-outbox");
  }

  @Test
  void theProcessesOfOneConfigurationDifferOnlyInTheirHealthPort() {
    PlatformNames names = names(ScaleOut.THREE_BY_FOUR);
    Map<String, String> first = BenchWorkers.env(PLATFORM, names, 4, 41000);
    Map<String, String> second = BenchWorkers.env(PLATFORM, names, 4, 41001);

    assertThat(first).containsEntry("WORKERS_METRICS_PORT", "41000");
    assertThat(second).containsEntry("WORKERS_METRICS_PORT", "41001");
    second.put("WORKERS_METRICS_PORT", "41000");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void portsAreDistinctEvenWhenTheSystemHandsOutOneTwice() {
    Iterator<Integer> handedOut = List.of(41000, 41000, 41001, 41000, 41002).iterator();

    assertThat(BenchWorkers.distinctPorts(3, handedOut::next)).containsExactly(41000, 41001, 41002);
    assertThatThrownBy(() -> BenchWorkers.distinctPorts(2, () -> 41000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 distinct free ports");
    assertThat(BenchWorkers.freePort()).isBetween(1, 65535);
  }

  @Test
  void theConfigurationsRunBaselineFirstUnderValidLowerCaseNames() {
    assertThat(ScaleOut.ALL)
        .containsExactly(ScaleOut.ONE_BY_ONE, ScaleOut.ONE_BY_FOUR, ScaleOut.THREE_BY_FOUR);
    assertThat(ScaleOut.ALL).extracting(ScaleOut::label).containsExactly("1x1", "1x4", "3x4");
    assertThat(ScaleOut.ALL)
        .extracting(ScaleOut::describe)
        .containsExactly("1 process × 1 shard", "1 process × 4 shards", "3 processes × 4 shards");
    assertThat(ScaleOut.THREE_BY_FOUR.processName(2)).isEqualTo("workers-w7-3x4-2");
    // Elasticsearch index names and PlatformNames prefixes must be lower case.
    ScaleOut.ALL.forEach(s -> assertThat(names(s).searchAlias()).isLowerCase());
    assertThatThrownBy(() -> new ScaleOut(0, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aProcessLogGoesWhereTheLauncherWritesIt() {
    assertThat(WorkersLauncher.log(Path.of("/p/.platform/bench/bench-ab12cd"), "workers-w7-1x4-0"))
        .isEqualTo(Path.of("/p/.platform/bench/bench-ab12cd/logs/workers-w7-1x4-0.log"));
  }
}
