package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.workers.dlq.DeadLetterProducers;
import io.catalog.workflows.dlq.DlqActionResult;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlq replay}: republishes the selected PARKED entries and marks them REPLAYED. */
@Command(
    name = "replay",
    description = {
      "Republish PARKED entries to their original topic (or --target) with key, value and every header",
      "unchanged (event_id and dlq.attempts kept), then mark them REPLAYED. An event that fails again",
      "comes back as a new PARKED entry with its attempts added up. An event older than its product (a",
      "newer version, or deleted) is not republished to product.events but marked SKIPPED, with the reason.",
      "Without a selection: every PARKED entry."
    })
final class DlqReplayCommand extends OpsCommand {
  @Mixin DlqSelection selection;

  @Option(
      names = "--target",
      description = "Topic to republish to instead of each entry's original topic.")
  String target;

  @Option(names = "--dry-run", description = "Only say what would be replayed.")
  boolean dryRun;

  @Override
  public Integer call() {
    Endpoints s = platform.endpoints();
    DlqActionResult result;
    if (dryRun) {
      result = platform.dlq(null).replay(selection.filter(target), true);
    } else {
      try (Producer<byte[], byte[]> producer =
          DeadLetterProducers.create(s.kafkaBootstrap(), s.namePrefix() + "platform-dlq-replay")) {
        result = platform.dlq(producer).replay(selection.filter(target), false);
      }
    }
    DlqCommand.print(output, result, "replay");
    return 0;
  }
}
