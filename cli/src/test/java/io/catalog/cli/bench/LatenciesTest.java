package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesOfAKnownDistribution() {
    Latencies l = new Latencies();
    for (int ms = 1; ms <= 100; ms++) {
      l.recordNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }
    assertThat(l.count()).isEqualTo(100);
    assertThat(l.p50()).isCloseTo(50.0, within(0.05));
    assertThat(l.p99()).isCloseTo(99.0, within(0.1));
    assertThat(l.maxMillis()).isCloseTo(100.0, within(0.1));
  }

  @Test
  void aSlowTailShowsInP99NotInP50() {
    Latencies l = new Latencies();
    for (int i = 0; i < 980; i++) {
      l.recordNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    for (int i = 0; i < 20; i++) {
      l.recordNanos(TimeUnit.SECONDS.toNanos(1));
    }
    assertThat(l.p50()).isCloseTo(2.0, within(0.01));
    assertThat(l.p99()).isCloseTo(1000.0, within(1.0));
  }

  @Test
  void nothingRecordedIsNaNNotZero() {
    assertThat(new Latencies().p50()).isNaN();
    assertThat(new Latencies().p99()).isNaN();
  }

  @Test
  void valuesBeyondTheRangeAreClampedNotLost() {
    Latencies l = new Latencies();
    l.recordNanos(TimeUnit.HOURS.toNanos(2));
    l.recordNanos(-5);
    assertThat(l.count()).isEqualTo(2);
    assertThat(l.maxMillis())
        .isCloseTo(Latencies.MAX_MICROS / 1000.0, within(Latencies.MAX_MICROS / 1000.0 * 0.001));
  }
}
