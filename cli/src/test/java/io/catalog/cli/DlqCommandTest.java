package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.workflows.dlq.DlqActionResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class DlqCommandTest {
  /** A command with nothing but the ops commands' output mixin, to print through it. */
  @Command
  static final class Printer implements Runnable {
    @Mixin JsonOutput output;

    @Override
    public void run() {}
  }

  private static String printed(DlqActionResult r, boolean json) {
    StringWriter out = new StringWriter();
    Printer printer = new Printer();
    new CommandLine(printer).setOut(new PrintWriter(out)).parseArgs(json ? "--json" : "--");
    DlqCommand.print(printer.output, r, "replay");
    return out.toString();
  }

  @Test
  void aReplaySaysWhichEntriesItSkippedAsStale() {
    DlqActionResult r =
        new DlqActionResult("replay", "{}", false, 3, 1, 0, List.of(3L), null, 2, List.of(1L, 2L));

    assertThat(printed(r, false))
        .isEqualTo(
            "replayed 1 of 3 PARKED dead letter(s) {}: ids [3]; skipped 2 as stale (product newer or deleted,"
                + " marked SKIPPED): ids [1, 2]"
                + System.lineSeparator());
    assertThat(printed(r, true)).contains("\"stale\":2").contains("\"staleEntryIds\":[1,2]");
  }

  @Test
  void aDryRunSaysWhichItWouldSkip() {
    DlqActionResult r =
        new DlqActionResult("replay", "{}", true, 3, 1, 0, List.of(3L), null, 2, List.of(1L, 2L));

    assertThat(printed(r, false)).contains("would replay 1 of 3").contains("would skip 2 as stale");
  }

  @Test
  void nothingStaleNothingSaid() {
    DlqActionResult r =
        new DlqActionResult("replay", "{}", false, 1, 1, 0, List.of(3L), null, 0, List.of());

    assertThat(printed(r, false)).doesNotContain("stale");
  }
}
