package io.catalog.cli;

import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workers.replay.ReplayClient;
import io.catalog.workers.replay.ReplayStatus;
import io.catalog.workflows.replay.ReplayInput;
import io.catalog.workflows.replay.ReplayPartition;
import io.catalog.workflows.replay.ReplayProgress;
import io.temporal.api.common.v1.WorkflowExecution;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Re-apply product.events to the search read model as a ReplayWorkflow (task queue",
      "projection-ops), from a start point up to the end offsets of the moment it starts.",
      "Reads without a consumer group: the live projection group's offsets are not touched.",
      "Pause and resume it with `temporal workflow signal` or `tctl workflow signal` (printed)."
    },
    subcommands = {
      ReplayCommand.Status.class,
      ReplayCommand.Pause.class,
      ReplayCommand.Resume.class,
      ReplayCommand.Cancel.class
    })
final class ReplayCommand implements Callable<Integer> {
  @Mixin JsonOutput output;

  @Option(
      names = "--from",
      description =
          "earliest (default), an ISO-8601 time (2026-01-10T12:00:00Z) or partition:offset pairs (0:120,1:98,2:0).")
  String from = "earliest";

  @Option(
      names = "--batch-size",
      description = "Records per poll and per bulk request (default 1000).")
  Integer batchSize;

  @Option(names = "--follow", description = "Show a progress bar until the replay ends.")
  boolean follow;

  @Option(
      names = "--paused",
      description =
          "Start paused: it plans (progress shows the total) and applies nothing until `resume`.")
  boolean paused;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = output.out();
    ReplayInput chosen = ReplayInput.of(from, batchSize);
    ReplayInput input = paused ? chosen.startingPaused() : chosen;
    String problem = input.withDefaults().problem();
    if (problem != null) {
      throw output.usageError(problem);
    }
    try (TemporalConnection temporal = TemporalConnection.connect()) {
      ReplayClient replays = temporal.replays();
      WorkflowExecution started = replays.start(input, Instant.now());
      String id = started.getWorkflowId();
      if (output.json()) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("workflow_id", id);
        result.put("run_id", started.getRunId());
        result.put("from", input.withDefaults().from());
        result.put("batch_size", input.withDefaults().batchSize());
        result.put("paused", paused);
        result.put("pause", "temporal workflow signal --workflow-id " + id + " --name pause");
        result.put("resume", "temporal workflow signal --workflow-id " + id + " --name resume");
        if (!follow) {
          out.println(Json.write(result));
        }
      } else {
        out.println(
            "started replay " + id + (paused ? " (paused: nothing is applied until resume)" : ""));
        out.println(
            "  from "
                + input.withDefaults().from()
                + ", batch size "
                + input.withDefaults().batchSize()
                + ", into "
                + temporal.names().searchAlias()
                + " (task queue "
                + temporal.names().projectionOpsTaskQueue()
                + ")");
        out.println("pause:    temporal workflow signal --workflow-id " + id + " --name pause");
        out.println("          tctl workflow signal -w " + id + " -n pause");
        out.println("resume:   temporal workflow signal --workflow-id " + id + " --name resume");
        out.println("          tctl workflow signal -w " + id + " -n resume");
        out.println("progress: ./platform replay status " + id);
        out.println("          temporal workflow query --workflow-id " + id + " --name progress");
      }
      out.flush();
      return follow ? follow(replays, id, out, output.json()) : 0;
    }
  }

  /** Redraws one line every second from the {@code progress} query until the replay ends. */
  static int follow(ReplayClient replays, String id, PrintWriter out, boolean json)
      throws InterruptedException {
    ProgressBar bar = new ProgressBar(out);
    while (true) {
      Optional<ReplayStatus> status = replays.status(id);
      if (status.isEmpty()) {
        throw new IllegalStateException("no replay " + id);
      }
      ReplayStatus s = status.get();
      if (!json) {
        bar.draw(bar(s.progress(), s.status()));
      }
      if (!s.running()) {
        if (json) {
          out.println(Json.write(s));
          out.flush();
        } else {
          bar.finish(
              "replay " + id + " " + s.status() + (s.failure() == null ? "" : ": " + s.failure()));
        }
        return "COMPLETED".equals(s.status()) ? 0 : 1;
      }
      TimeUnit.SECONDS.sleep(1);
    }
  }

  /** {@code [##########..........] 50.0% 27083/54166 6341/s ETA 4s replaying}. */
  static String bar(ReplayProgress p, String status) {
    if (p == null) {
      return String.format(
          Locale.ROOT, "%s  %-60s", ProgressBar.gauge(0), status.toLowerCase(Locale.ROOT));
    }
    String eta = p.etaSeconds() < 0 ? "-" : p.etaSeconds() + "s";
    String line =
        String.format(
            Locale.ROOT,
            "%s %5.1f%%  %d/%d  %.0f/s  ETA %s  %s%s",
            ProgressBar.gauge(ProgressBar.cellsDown(p.percent())),
            p.percent(),
            p.processed(),
            p.total(),
            p.ratePerSecond(),
            eta,
            p.phase(),
            p.skipped() > 0 ? "  (" + p.skipped() + " poison skipped)" : "");
    // Pads over whatever a longer previous line left behind.
    return String.format("%-100s", line);
  }

  /** A Temporal connection for one command; the replay id goes in as the user typed it. */
  record TemporalConnection(TemporalClients clients, PlatformNames names) implements AutoCloseable {
    static TemporalConnection connect() {
      Settings s = Settings.fromEnv();
      return new TemporalConnection(
          new TemporalClients(s), PlatformNames.withPrefix(s.namePrefix()));
    }

    ReplayClient replays() {
      return new ReplayClient(clients.client(), names);
    }

    @Override
    public void close() {
      clients.close();
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Status and progress of a replay.")
  static final class Status implements Callable<Integer> {
    @Mixin JsonOutput output;

    @Parameters(
        paramLabel = "ID",
        description = "The replay's workflow id, as `replay` printed it.")
    String id;

    @Override
    public Integer call() {
      PrintWriter out = output.out();
      try (TemporalConnection temporal = TemporalConnection.connect()) {
        ReplayStatus s =
            temporal
                .replays()
                .status(id)
                .orElseThrow(() -> new IllegalStateException("no replay " + id));
        if (output.json()) {
          out.println(Json.write(s));
          out.flush();
          return 0;
        }
        ReplayProgress p = s.progress();
        Table summary =
            new Table(
                "WORKFLOW-ID",
                "STATUS",
                "PHASE",
                "PROCESSED",
                "TOTAL",
                "PERCENT",
                "RATE/S",
                "ETA-S",
                "PAUSED",
                "SKIPPED");
        if (p == null) {
          summary.row(s.workflowId(), s.status(), "-", "-", "-", "-", "-", "-", "-", "-");
          summary.note(
              "progress unavailable: no worker answers the query (is the workers process up?)"
                  + (s.failure() == null ? "" : "; failed: " + s.failure()));
          summary.print(out, false);
          return 0;
        }
        summary.row(
            s.workflowId(),
            s.status(),
            p.phase(),
            p.processed(),
            p.total(),
            String.format(Locale.ROOT, "%.1f", p.percent()),
            String.format(Locale.ROOT, "%.0f", p.ratePerSecond()),
            p.etaSeconds() < 0 ? "-" : p.etaSeconds(),
            p.paused(),
            p.skipped());
        if (s.failure() != null) {
          summary.note("failed: " + s.failure());
        }
        summary.print(out, false);
        out.println();
        Table partitions = new Table("PARTITION", "START", "POSITION", "END", "REMAINING");
        for (ReplayPartition part : p.partitions()) {
          partitions.row(
              part.partition(),
              part.start(),
              part.position(),
              part.end(),
              part.end() - part.position());
        }
        partitions.note(
            "from "
                + p.from()
                + " on "
                + p.topic()
                + ", batch size "
                + p.batchSize()
                + ", run "
                + p.run()
                + (p.lastError() == null ? "" : "; last error: " + p.lastError()));
        partitions.print(out, false);
        return 0;
      }
    }
  }

  abstract static class Signal implements Callable<Integer> {
    @Mixin Console console;

    @Parameters(paramLabel = "ID", description = "The replay's workflow id.")
    String id;

    abstract String name();

    abstract void send(ReplayClient replays, String id);

    @Override
    public Integer call() {
      try (TemporalConnection temporal = TemporalConnection.connect()) {
        send(temporal.replays(), id);
      }
      console.say("sent " + name() + " to " + id);
      return 0;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause a replay (signal `pause`): it stops within about a second.")
  static final class Pause extends Signal {
    String name() {
      return "pause";
    }

    void send(ReplayClient replays, String id) {
      replays.pause(id);
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume a paused replay (signal `resume`).")
  static final class Resume extends Signal {
    String name() {
      return "resume";
    }

    void send(ReplayClient replays, String id) {
      replays.resume(id);
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description = "Cancel a replay; what it applied stays applied.")
  static final class Cancel extends Signal {
    String name() {
      return "cancel";
    }

    void send(ReplayClient replays, String id) {
      replays.cancel(id);
    }
  }
}
