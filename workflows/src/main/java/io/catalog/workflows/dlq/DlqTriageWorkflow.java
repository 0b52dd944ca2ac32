package io.catalog.workflows.dlq;

import io.catalog.workflows.Pausable;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Reads {@code dlq.product.events}, classifies each record from its {@code dlq.*} headers and parks
 * it in {@code dlq_entries}. Fixed id {@code dlq-triage}, task queue {@code projection-ops}, runs
 * forever (continue-as-new). Nothing is ever replayed by itself: only a {@code replay} signal
 * republishes, only a {@code discard} signal discards.
 *
 * <pre>{@code
 * temporal workflow query  --workflow-id dlq-triage --name summary
 * temporal workflow signal --workflow-id dlq-triage --name replay  --input '{"class":"validation"}'
 * temporal workflow signal --workflow-id dlq-triage --name discard --input '{"class":"malformed"}'
 * temporal workflow signal --workflow-id dlq-triage --name pause     # stops reading the topic
 * }</pre>
 *
 * A paused triage still runs replay and discard signals: they are explicit operator actions.
 */
@WorkflowInterface
public interface DlqTriageWorkflow extends Pausable {
  String TYPE = "DlqTriageWorkflow";
  String SUMMARY = "summary";

  @WorkflowMethod(name = TYPE)
  void run(DlqTriageInput input);

  /** Republish the PARKED entries the filter selects (null selects every PARKED entry). */
  @SignalMethod(name = "replay")
  void replay(DlqFilter filter);

  /** Mark the PARKED entries the filter selects DISCARDED (null selects every PARKED entry). */
  @SignalMethod(name = "discard")
  void discard(DlqFilter filter);

  @QueryMethod(name = SUMMARY)
  DlqTriageStatus summary();
}
