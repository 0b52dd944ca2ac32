package io.catalog.cli;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import io.catalog.localstack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "What of the local platform runs, where, with which pid.")
final class StatusCommand extends StackCommand {
  @Mixin JsonOutput output;

  @Override
  int run(StackConfig config) {
    Table table = new Table("COMPONENT", "PORT", "PID", "STATE");
    for (ManagedServer server : LocalStack.of(config).servers()) {
      table.row(
          server.name(),
          server.port(),
          server.pid().isPresent() ? server.pid().getAsLong() : "-",
          server.state().toString().toLowerCase());
    }
    AppProcesses apps = AppProcesses.of(config);
    int[] ports = {
      AppProcesses.port("API_PORT", AppProcesses.API_PORT),
      AppProcesses.port("WORKERS_METRICS_PORT", AppProcesses.WORKERS_PORT)
    };
    for (int i = 0; i < 2; i++) {
      AppProcess app = apps.all().get(i);
      var handle = app.running();
      table.row(
          app.name(),
          ports[i],
          handle.map(h -> (Object) h.pid()).orElse("-"),
          handle.isPresent() ? "up" : "down");
    }
    output.print(table);
    return 0;
  }
}
