package io.catalog.cli;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import io.catalog.localstack.StackConfig;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "down",
    description =
        "Stop the API, the workers and the local servers of `./platform up` (of `up --cluster`"
            + " with --cluster).")
final class DownCommand extends StackCommand {
  @Mixin Console console;

  @Override
  int run(StackConfig config) {
    PrintWriter out = console.out();
    for (AppProcess app : AppProcesses.of(config).all()) {
      boolean wasRunning = app.running().isPresent();
      app.stop(Duration.ofSeconds(20));
      out.println((wasRunning ? "stopped " : "not running: ") + app.name());
    }
    LocalStack stack = LocalStack.of(config);
    stack.down();
    out.println(
        "stopped " + String.join(", ", stack.servers().stream().map(ManagedServer::name).toList()));
    out.flush();
    return 0;
  }
}
