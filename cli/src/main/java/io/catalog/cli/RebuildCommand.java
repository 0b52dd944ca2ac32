package io.catalog.cli;

import io.catalog.operations.rebuild.RebuildAlreadyRunningException;
import io.catalog.operations.rebuild.RebuildClient;
import io.catalog.operations.rebuild.RebuildStatus;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.rebuild.RebuildProgress;
import io.catalog.workflows.rebuild.RollbackInput;
import io.catalog.workflows.rebuild.RollbackResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "rebuild",
    description = {
      "Rebuild the search read model: ProductSearchRebuildWorkflow (id product-search-rebuild) creates a",
      "new versioned index, loads it from the database (default) or by replaying Kafka, catches up,",
      "validates, switches the alias atomically and cleans up; any failure compensates (alias untouched).",
      "Watch it in the Temporal Web UI too. Starting while one runs attaches to it."
    },
    subcommands = {
      RebuildCommand.Status.class,
      RebuildCommand.Cancel.class,
      RebuildCommand.Rollback.class
    })
final class RebuildCommand extends OpsCommand {
  private static final Set<String> FINAL_PHASES = Set.of("done", "failed", "cancelled");

  @Option(names = "--source", description = "database (default) or kafka.")
  String source = RebuildInput.DATABASE;

  @Option(names = "--batch-size", description = "Documents per bulk request (default 1000).")
  Integer batchSize;

  @Option(
      names = "--dry-run",
      description = "Build and validate, then delete the new index; the alias is untouched.")
  boolean dryRun;

  @Mixin Follow follow;

  @Override
  public Integer call() throws Exception {
    RebuildInput input = new RebuildInput(source, null, batchSize, null, null, dryRun, null, null);
    output.refuse(input.withDefaults().problem());
    PrintWriter out = output.out();
    try (Platform p = platform) {
      RebuildClient rebuilds = p.rebuilds();
      try {
        var run = rebuilds.start(input);
        if (!output.json()) {
          out.println(
              "started "
                  + rebuilds.workflowId()
                  + " (run "
                  + run.getRunId()
                  + ") from the "
                  + source);
        }
      } catch (RebuildAlreadyRunningException e) {
        if (!follow.on()) {
          throw new IllegalStateException(
              e.getMessage() + "; use `./platform rebuild --follow` to watch it");
        }
        out.println("a rebuild is already running; following it");
      }
      out.flush();
      return follow.on() ? follow(rebuilds, out) : print(rebuilds.progress(), out);
    }
  }

  private int follow(RebuildClient rebuilds, PrintWriter out) throws InterruptedException {
    ProgressBar bar = new ProgressBar(out);
    RebuildStatus end =
        Follow.until(
            bar,
            () -> rebuilds.status().orElse(null),
            s -> s != null && !s.running(),
            s -> s == null || s.progress() == null ? null : line(s.progress()));
    RebuildProgress p = end.progress();
    String phase = p == null ? end.status() : p.phase();
    bar.finish(
        rebuilds.workflowId()
            + " ended: "
            + phase
            + (p != null && p.index() != null ? ", index " + p.index() : ""));
    return "done".equals(phase) ? 0 : 1;
  }

  private static String line(RebuildProgress p) {
    return ProgressBar.render(
        p.processed(),
        p.total(),
        p.ratePerSecond(),
        p.etaSeconds(),
        p.phase() + (p.paused() ? " (paused)" : ""));
  }

  private int print(RebuildProgress p, PrintWriter out) throws Exception {
    if (output.json()) {
      output.printJson(p);
    } else {
      new Table("PHASE", "PROCESSED", "TOTAL", "RATE/S", "ETA-S", "PAUSED", "INDEX", "SOURCE")
          .row(
              p.phase(),
              p.processed(),
              p.total(),
              String.format("%.0f", p.ratePerSecond()),
              p.etaSeconds(),
              p.paused(),
              p.index(),
              p.source())
          .print(out, false);
    }
    out.flush();
    return FINAL_PHASES.contains(p.phase()) && !"done".equals(p.phase()) ? 1 : 0;
  }

  @Command(name = "status", description = "Progress of the latest rebuild (running or ended).")
  static final class Status extends OpsCommand {
    @Override
    public Integer call() throws Exception {
      try (Platform p = platform) {
        print(p.rebuilds());
        return 0;
      }
    }

    private void print(RebuildClient rebuilds) throws Exception {
      Optional<RebuildStatus> status = rebuilds.status();
      PrintWriter out = output.out();
      if (status.isEmpty()) {
        out.println(output.json() ? "null" : "no rebuild has run yet");
      } else if (output.json()) {
        output.printJson(status.get());
      } else {
        RebuildStatus st = status.get();
        RebuildProgress p = st.progress();
        new Table(
                "WORKFLOW", "STATUS", "PHASE", "PROCESSED", "TOTAL", "PAUSED", "INDEX", "PREVIOUS")
            .row(
                st.workflowId(),
                st.status(),
                p == null ? "-" : p.phase(),
                p == null ? "-" : p.processed(),
                p == null ? "-" : p.total(),
                p == null ? "-" : p.paused(),
                p == null ? "-" : p.index(),
                p == null ? "-" : p.previousIndex())
            .print(out, false);
      }
      out.flush();
    }
  }

  @Command(
      name = "cancel",
      description = "Cancel the running rebuild: compensations run, the alias stays where it was.")
  static final class Cancel implements Callable<Integer> {
    @Mixin Console console;
    @Mixin Platform platform;

    @Override
    public Integer call() {
      try (Platform p = platform) {
        p.rebuilds().cancel();
        console.say(
            "cancellation requested; `./platform rebuild status` shows when it has compensated");
        return 0;
      }
    }
  }

  @Command(
      name = "rollback",
      description = {
        "Point the alias back at the previous whole index (validated or ever served; or --to INDEX), atomically.",
        "Loses no write: first copies product.events from where that index stopped being served."
      })
  static final class Rollback implements Callable<Integer> {
    @Mixin Console console;
    @Mixin Platform platform;

    @Option(
        names = "--to",
        description =
            "The whole index to point the alias at (default: the newest whole one before the current target).")
    String toIndex;

    @Override
    public Integer call() throws Exception {
      try (Platform p = platform) {
        RollbackResult r =
            p.rebuilds()
                // The copy before the move may take minutes when the newer index served long.
                .rollback(new RollbackInput(toIndex), Duration.ofHours(1));
        console.say("alias " + r.alias() + ": " + r.from() + " -> " + r.to());
        return 0;
      }
    }
  }
}
