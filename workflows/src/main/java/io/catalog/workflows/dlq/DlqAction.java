package io.catalog.workflows.dlq;

/**
 * A {@code replay} or {@code discard} signal waiting for its turn in {@link DlqTriageWorkflow}.
 *
 * @param kind {@link #REPLAY} or {@link #DISCARD}
 */
public record DlqAction(String kind, DlqFilter filter) {
  public static final String REPLAY = "replay";
  public static final String DISCARD = "discard";
}
