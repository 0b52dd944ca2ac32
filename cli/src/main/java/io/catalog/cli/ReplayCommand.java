package io.catalog.cli;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.replay.ReplayClient;
import io.catalog.workflows.replay.ReplayInput;
import io.temporal.api.common.v1.WorkflowExecution;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "replay",
    description = {
      "Re-apply product.events to the search read model as a ReplayWorkflow (task queue",
      "projection-ops), from a start point up to the end offsets of the moment it starts.",
      "Reads without a consumer group: the live projection group's offsets are not touched.",
      "Pause and resume it with `temporal workflow signal` or `tctl workflow signal` (printed)."
    },
    subcommands = {
      ReplayStatusCommand.class,
      ReplaySignal.Pause.class,
      ReplaySignal.Resume.class,
      ReplaySignal.Cancel.class
    })
final class ReplayCommand extends OpsCommand {
  @Option(
      names = "--from",
      description =
          "earliest (default), an ISO-8601 time (2026-01-10T12:00:00Z) or partition:offset pairs (0:120,1:98,2:0).")
  String from = "earliest";

  @Option(
      names = "--batch-size",
      description = "Records per poll and per bulk request (default 1000).")
  Integer batchSize;

  @Mixin Follow follow;

  @Option(
      names = "--paused",
      description =
          "Start paused: it plans (progress shows the total) and applies nothing until `resume`.")
  boolean paused;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = output.out();
    ReplayInput chosen = ReplayInput.of(from, batchSize);
    ReplayInput input =
        paused
            ? chosen.startingPaused(ReplaySignal.who() + " with platform replay --paused")
            : chosen;
    output.refuse(input.withDefaults().problem());
    try (Platform temporal = platform) {
      ReplayClient replays = temporal.replays();
      WorkflowExecution started = replays.start(input, Instant.now());
      String id = started.getWorkflowId();
      if (!output.json()) {
        printStarted(out, id, input.withDefaults(), temporal.names());
      } else if (!follow.on()) {
        output.printJson(startedJson(started, input.withDefaults()));
      }
      out.flush();
      return follow.on() ? ReplayFollow.follow(replays, id, output) : 0;
    }
  }

  /** The started replay for scripts: its ids, its input and how to pause and resume it. */
  private Map<String, Object> startedJson(WorkflowExecution started, ReplayInput input) {
    String id = started.getWorkflowId();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("workflow_id", id);
    result.put("run_id", started.getRunId());
    result.put("from", input.from());
    result.put("batch_size", input.batchSize());
    result.put("paused", paused);
    result.put("pause", "temporal workflow signal --workflow-id " + id + " --name pause");
    result.put("resume", "temporal workflow signal --workflow-id " + id + " --name resume");
    return result;
  }

  /** The started replay for people: where it writes and the commands that steer and watch it. */
  private void printStarted(PrintWriter out, String id, ReplayInput input, PlatformNames names) {
    out.println(
        "started replay " + id + (paused ? " (paused: nothing is applied until resume)" : ""));
    out.println(
        "  from "
            + input.from()
            + ", batch size "
            + input.batchSize()
            + ", into "
            + names.searchAlias()
            + " (task queue "
            + names.projectionOpsTaskQueue()
            + ")");
    out.println("pause:    temporal workflow signal --workflow-id " + id + " --name pause");
    out.println("          tctl workflow signal -w " + id + " -n pause");
    out.println("resume:   temporal workflow signal --workflow-id " + id + " --name resume");
    out.println("          tctl workflow signal -w " + id + " -n resume");
    out.println("progress: ./platform replay status " + id);
    out.println("          temporal workflow query --workflow-id " + id + " --name progress");
  }
}
