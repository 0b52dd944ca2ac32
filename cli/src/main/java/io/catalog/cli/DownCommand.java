package io.catalog.cli;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.StackProfile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "down",
    description = "Stop the API, the workers and the local servers of `./platform up`.")
final class DownCommand implements Callable<Integer> {
  @Mixin Console console;

  @Override
  public Integer call() {
    PrintWriter out = console.out();
    for (AppProcess app : AppProcesses.dev().all()) {
      boolean wasRunning = app.running().isPresent();
      app.stop(Duration.ofSeconds(20));
      out.println((wasRunning ? "stopped " : "not running: ") + app.name());
    }
    LocalStack.of(StackProfile.DEV).down();
    out.println("stopped postgres, kafka, elasticsearch, temporal");
    out.flush();
    return 0;
  }
}
