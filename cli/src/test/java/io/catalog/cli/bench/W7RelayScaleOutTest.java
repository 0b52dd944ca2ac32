package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class W7RelayScaleOutTest {

  @Test
  void theReportComparesBothFourShardConfigurationsWithOneProcessOneShard() {
    Map<ScaleOut, Double> rates = new LinkedHashMap<>();
    rates.put(ScaleOut.ONE_BY_ONE, 1000.0);
    rates.put(ScaleOut.ONE_BY_FOUR, 2500.0);
    rates.put(ScaleOut.THREE_BY_FOUR, 3000.0);

    List<BenchRow> rows = W7RelayScaleOut.rows(rates);

    assertThat(rows).extracting(BenchRow::workload).containsOnly("W7");
    assertThat(rows)
        .extracting(BenchRow::measure)
        .containsExactly(
            "relay events/s, 4 shards over 3 processes vs 1 process × 1 shard",
            "relay events/s, 1 process × 4 shards vs 1 × 1");
    assertThat(rows.get(0).platform()).isEqualTo(3000.0);
    assertThat(rows.get(0).baseline()).isEqualTo(1000.0);
    assertThat(rows.get(0).ratio()).isEqualTo(3.0);
    assertThat(rows.get(1).platform()).isEqualTo(2500.0);
    assertThat(rows.get(1).ratio()).isEqualTo(2.5);
  }

  @Test
  void aDrainsRateCountsOnlyPublishedRows() {
    W7RelayScaleOut.Drained drained =
        new W7RelayScaleOut.Drained(ScaleOut.ONE_BY_ONE, 5000, 4000, 2.0);

    assertThat(drained.eventsPerSecond()).isEqualTo(2000.0);
  }
}
