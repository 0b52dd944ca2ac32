package io.catalog.cli;

import io.catalog.workers.outbox.OneShotPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "process-outbox",
    description = {
      "Publish every outbox row pending now to Kafka, print how many, exit (the seed's process_outbox).",
      "Safe while the publisher workflows run: rows are claimed with FOR UPDATE SKIP LOCKED,",
      "so no row is sent twice by two publishers."
    })
final class ProcessOutboxCommand extends OpsCommand {
  @Option(names = "--batch-size", description = "Rows per claim (default: ${DEFAULT-VALUE}).")
  int batchSize = OneShotPublisher.DEFAULT_BATCH_SIZE;

  @Override
  public Integer call() {
    try (OneShotPublisher publisher = OneShotPublisher.connect(platform.workersConfig())) {
      OneShotPublisher.Result r = publisher.publishPending(batchSize);
      output.print(
          new Table(
                  "PUBLISHED", "SEND-FAILURES", "NEWLY-FAILED", "BROKER-UNAVAILABLE", "LAST-ERROR")
              .row(
                  r.published(),
                  r.sendFailures(),
                  r.newlyFailed(),
                  r.brokerUnavailable(),
                  r.lastError() == null ? "-" : r.lastError()));
      if (r.brokerUnavailable()) {
        output
            .err()
            .println(
                "platform: the broker did not acknowledge; rows stay PENDING and will be retried");
        return 1;
      }
      return 0;
    }
  }
}
