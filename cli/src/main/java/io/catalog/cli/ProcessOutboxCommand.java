package io.catalog.cli;

import io.catalog.workers.outbox.OneShotPublisher;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "process-outbox",
    mixinStandardHelpOptions = true,
    description = {
      "Publish every outbox row pending now to Kafka, print how many, exit (the seed's process_outbox).",
      "Safe while the publisher workflows run: rows are claimed with FOR UPDATE SKIP LOCKED,",
      "so no row is sent twice by two publishers."
    })
final class ProcessOutboxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--batch-size", description = "Rows per claim (default: ${DEFAULT-VALUE}).")
  int batchSize = OneShotPublisher.DEFAULT_BATCH_SIZE;

  @Option(names = "--json", description = "Print JSON for scripts.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (OneShotPublisher publisher =
        OneShotPublisher.connect(CliEndpoints.workersConfig(CliEndpoints.fromEnv()))) {
      OneShotPublisher.Result r = publisher.publishPending(batchSize);
      new Table("PUBLISHED", "SEND-FAILURES", "NEWLY-FAILED", "BROKER-UNAVAILABLE", "LAST-ERROR")
          .row(
              r.published(),
              r.sendFailures(),
              r.newlyFailed(),
              r.brokerUnavailable(),
              r.lastError() == null ? "-" : r.lastError())
          .print(out, json);
      if (r.brokerUnavailable()) {
        spec.commandLine()
            .getErr()
            .println(
                "platform: the broker did not acknowledge; rows stay PENDING and will be retried");
        return 1;
      }
      return 0;
    }
  }
}
