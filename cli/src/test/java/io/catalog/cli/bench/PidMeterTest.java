package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PidMeterTest {

  @Test
  void theNoteGivesEachProcessAndTheSum() {
    PidMeter.Result result =
        new PidMeter.Result(
            10,
            List.of(
                new PidMeter.Use("workers-w7-3x4-0", 101, 5, 300),
                new PidMeter.Use("workers-w7-3x4-1", 102, 8, 400)));

    assertThat(result.describe("W7 3 processes × 4 shards"))
        .isEqualTo(
            "W7 3 processes × 4 shards: workers-w7-3x4-0 (pid 101) CPU 50% of one core, peak RSS"
                + " 300 MiB; workers-w7-3x4-1 (pid 102) CPU 80% of one core, peak RSS 400 MiB;"
                + " sum CPU 130% of one core, peak RSS 700 MiB (sum of each process's peak)");
  }

  @Test
  void aProcessThatIsGoneReportsNothingRatherThanAGuess() {
    Map<String, Long> gone = Map.of("gone", (long) Integer.MAX_VALUE);
    try (PidMeter meter = PidMeter.start(gone)) {
      PidMeter.Use use = meter.stop().processes().get(0);

      assertThat(use.name()).isEqualTo("gone");
      assertThat(use.cpuSeconds()).isZero();
      assertThat(use.peakRssMib()).isZero();
    }
  }
}
