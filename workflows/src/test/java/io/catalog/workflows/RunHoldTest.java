package io.catalog.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunHoldTest {
  @Test
  void aHoldsNoteNamesItsRunAndOtherNotesNameNone() {
    String note =
        RunHold.note("bench-0a1b2c", Instant.parse("2026-12-07T03:00:00.123Z"), "it resumes it");

    assertThat(note)
        .isEqualTo("held for the run of bench-0a1b2c since 2026-12-07T03:00:00Z; it resumes it");
    assertThat(RunHold.isRunHold(note)).isTrue();
    assertThat(RunHold.run(note)).isEqualTo("bench-0a1b2c");
    assertThat(RunHold.run(RunHold.PREFIX + "bench-0a1b2c")).isEqualTo("bench-0a1b2c");
    assertThat(RunHold.isRunHold("Kafka upgrade, held for the run of bench-0a1b2c")).isFalse();
    assertThat(RunHold.run("Kafka upgrade")).isNull();
    assertThat(RunHold.run(null)).isNull();
  }
}
