package io.catalog.cli;

import io.catalog.operations.reconcile.ReconcileClient;
import io.catalog.workflows.reconcile.DriftClass;
import io.catalog.workflows.reconcile.ReconcileInput;
import io.catalog.workflows.reconcile.ReconcileProgress;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "reconcile",
    description = {
      "Find where the search index disagrees with the database and mend it without a rebuild:",
      "SearchReconciliationWorkflow (id search-reconciliation) compares id-range buckets on both",
      "sides, re-checks what differs after a grace period (writes in flight are not drift) and",
      "rewrites those documents from their rows. Also runs every RECONCILE_INTERVAL on a schedule."
    })
final class ReconcileCommand extends OpsCommand {
  @Option(names = "--dry-run", description = "Report the differences; repair nothing.")
  boolean dryRun;

  @Option(
      names = "--grace-seconds",
      description = "How long a change may take to reach the index (default 60).")
  Integer graceSeconds;

  @Mixin Follow follow;

  @Override
  public Integer call() throws Exception {
    ReconcileInput input = new ReconcileInput(dryRun, graceSeconds, null);
    String problem = input.withDefaults().problem();
    output.refuse(problem == null ? null : "--grace-seconds: " + problem);
    PrintWriter out = output.out();
    try (Platform connected = platform) {
      ReconcileClient runs = connected.reconciles();
      try {
        var run = runs.start(input);
        if (!output.json()) {
          out.println(
              "started "
                  + runs.workflowId()
                  + " (run "
                  + run.getRunId()
                  + ")"
                  + (dryRun ? ", dry run" : ""));
        }
      } catch (IllegalStateException e) {
        if (!follow.on()) {
          throw e;
        }
        out.println("a reconciliation is already running; following it");
      }
      out.flush();
      if (!follow.on()) {
        return print(runs.progress(), out);
      }
      ProgressBar bar = new ProgressBar(out);
      Follow.until(
          bar,
          () -> runs.running() ? runs.progress() : null,
          p -> p == null,
          p ->
              p == null
                  ? null
                  : ProgressBar.render(
                      p.bucketsChecked(),
                      p.bucketsTotal(),
                      0,
                      -1,
                      p.phase() + " · drift " + p.drift().total() + " · repaired " + p.repaired()));
      ReconcileProgress result = runs.await(Duration.ofSeconds(30));
      bar.finish(runs.workflowId() + " ended: " + result.phase());
      return print(result, out);
    }
  }

  private int print(ReconcileProgress p, PrintWriter out) throws Exception {
    if (output.json()) {
      output.printJson(p);
      return 0;
    }
    new Table("PHASE", "INDEX", "BUCKETS", "DIFFERING", "DRIFT", "IN-FLIGHT", "REPAIRED", "DRY-RUN")
        .row(
            p.phase(),
            p.index(),
            p.bucketsChecked() + "/" + p.bucketsTotal(),
            p.bucketsDiffering(),
            p.drift().total(),
            p.inFlight(),
            p.repaired(),
            p.dryRun())
        .print(out, false);
    if (p.drift().total() > 0) {
      Table byClass = new Table("CLASS", "FOUND");
      for (DriftClass c : DriftClass.values()) {
        byClass.row(c.wireName(), p.drift().get(c));
      }
      out.println();
      byClass.print(out, false);
    }
    for (String example : p.examples()) {
      out.println("  " + example);
    }
    out.flush();
    return 0;
  }
}
