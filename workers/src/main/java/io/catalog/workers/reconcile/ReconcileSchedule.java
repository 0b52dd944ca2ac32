package io.catalog.workers.reconcile;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.RunHold;
import io.catalog.workflows.Schedules;
import io.catalog.workflows.reconcile.ReconcileInput;
import io.catalog.workflows.reconcile.SearchReconciliationWorkflow;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal Schedule {@code search-reconciliation}: a {@link SearchReconciliationWorkflow} every
 * {@code RECONCILE_INTERVAL} (default 10 minutes; {@code off} removes it), never two at once.
 * Created at worker start; when it exists it takes the current interval and keeps its paused state,
 * so an operator's {@code temporal schedule toggle --pause} survives a restart. A pause whose note
 * is a {@link RunHold} is not an operator's: a tool held the schedule for the length of its run and
 * did not live to lift it, so the start lifts it.
 */
public final class ReconcileSchedule {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(ReconcileSchedule.class);

  private ReconcileSchedule() {}

  /**
   * @param every {@link Duration#ZERO}: no scheduled runs; an existing schedule is removed
   */
  public static void ensure(ScheduleClient schedules, PlatformNames names, Duration every) {
    String id = names.reconciliationScheduleId();
    if (every.isZero()) {
      try {
        schedules.getHandle(id).delete();
        log.info("schedule {} removed: RECONCILE_INTERVAL is off", id);
      } catch (RuntimeException e) {
        log.debug("no schedule {} to remove: {}", id, e.toString());
      }
      return;
    }
    Schedule schedule =
        Schedules.every(
            every,
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(SearchReconciliationWorkflow.class)
                .setArguments(ReconcileInput.empty())
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(names.reconciliationWorkflowId())
                        .setTaskQueue(names.projectionOpsTaskQueue())
                        .setWorkflowExecutionTimeout(every.multipliedBy(3))
                        .build())
                .build());
    if (Schedules.ensure(schedules, id, schedule)) {
      log.info("created schedule {}: reconcile the read model every {}", id, every);
    } else {
      log.info("schedule {} exists; interval set to {}", id, every);
      liftRunHold(schedules.getHandle(id));
    }
  }

  private static void liftRunHold(ScheduleHandle handle) {
    ScheduleState state = handle.describe().getSchedule().getState();
    String note = state.getNote();
    if (state.isPaused() && RunHold.isRunHold(note)) {
      handle.unpause("resumed at worker start: the run that held it did not end (" + note + ")");
      log.warn("schedule {} resumed: it was {}", handle.getId(), note);
    }
  }
}
