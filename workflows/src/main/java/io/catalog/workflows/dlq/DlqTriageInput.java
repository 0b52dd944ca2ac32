package io.catalog.workflows.dlq;

import static io.catalog.workflows.LongRunning.orDefault;

import io.catalog.workflows.LongRunning;
import io.catalog.workflows.OperatorInput;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Input of {@link DlqTriageWorkflow}: normally {@code {}} (or nothing at all). Every field is
 * optional; {@link #withDefaults()} fills the gaps.
 *
 * <p>The fields after {@code continueAsNewAfter} are carried across continue-as-new: the
 * dead-letter topic positions (the triage keeps its position here, not in a consumer group, so
 * nothing outside the workflow can move it), the total read, the pause and any operator action not
 * yet run, and the note of that pause.
 *
 * @param batchSize records per read (default 500)
 * @param idleSeconds wait between reads once the topic is drained (default 5)
 * @param continueAsNewAfter loop iterations per run before continue-as-new (default 100)
 */
@OperatorInput
public record DlqTriageInput(
    Integer batchSize,
    Integer idleSeconds,
    Integer continueAsNewAfter,
    SortedMap<Integer, Long> positions,
    Long readTotal,
    Boolean paused,
    List<DlqAction> pending,
    String pauseNote) {

  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int DEFAULT_IDLE_SECONDS = 5;
  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 100;

  public static DlqTriageInput empty() {
    return new DlqTriageInput(null, null, null, null, null, null, null, null);
  }

  public DlqTriageInput withDefaults() {
    return new DlqTriageInput(
        orDefault(batchSize, DEFAULT_BATCH_SIZE),
        orDefault(idleSeconds, DEFAULT_IDLE_SECONDS),
        orDefault(continueAsNewAfter, DEFAULT_CONTINUE_AS_NEW_AFTER),
        positions == null ? new TreeMap<>() : new TreeMap<>(positions),
        readTotal != null ? readTotal : 0L,
        paused != null && paused,
        pending == null ? List.of() : List.copyOf(pending),
        pauseNote);
  }

  /** Null when the (defaulted) input is usable, otherwise the reason it is not. */
  public String problem() {
    return LongRunning.loopProblem(batchSize, "idleSeconds", idleSeconds, continueAsNewAfter);
  }
}
