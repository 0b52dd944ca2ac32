package io.catalog.cli;

import io.catalog.workflows.dlq.DlqActionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlq discard}: marks the selected PARKED entries DISCARDED. */
@Command(
    name = "discard",
    description =
        "Mark PARKED entries DISCARDED; nothing is published. Without a selection: every PARKED entry.")
final class DlqDiscardCommand extends OpsCommand {
  @Mixin DlqSelection selection;

  @Option(names = "--dry-run", description = "Only say what would be discarded.")
  boolean dryRun;

  @Override
  public Integer call() {
    DlqActionResult result = platform.dlq(null).discard(selection.filter(null), dryRun);
    DlqCommand.print(output, result, "discard");
    return 0;
  }
}
