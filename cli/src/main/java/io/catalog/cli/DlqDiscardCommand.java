package io.catalog.cli;

import io.catalog.workflows.dlq.DlqActionResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlq discard}: marks the selected PARKED entries DISCARDED. */
@Command(
    name = "discard",
    description =
        "Mark PARKED entries DISCARDED; nothing is published. Without a selection: every PARKED entry.")
final class DlqDiscardCommand extends DlqSelection implements Callable<Integer> {
  @Mixin Platform platform;

  @Mixin JsonOutput output;

  @Option(names = "--dry-run", description = "Only say what would be discarded.")
  boolean dryRun;

  @Override
  public Integer call() {
    DlqActionResult result = platform.dlq(null).discard(filter(null), dryRun);
    DlqCommand.print(output.out(), result, output.json(), "discard");
    return 0;
  }
}
