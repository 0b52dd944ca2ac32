package io.catalog.workflows;

import io.temporal.workflow.SignalMethod;

/**
 * The {@code pause} and {@code resume} signals every long-running workflow takes
 * (docs/architecture.md, "Workflows, signals and queries"): its workflow interface extends this,
 * its implementation extends {@link PausableWorkflow}. A pause takes effect between batches, within
 * about a second; a resume goes on from where it stopped.
 *
 * <p>A pause may carry a note, who paused and why ({@code temporal workflow signal --name pause
 * --input '"Kafka upgrade, ops-42"'}); the outbox publishers' {@code status} query shows it while
 * the pause lasts, so that whoever finds one paused knows whose pause it is. Without input the note
 * is null, as from {@code tctl workflow signal -n pause}.
 */
public interface Pausable {
  /**
   * @param note who paused and why, or null
   */
  @SignalMethod(name = "pause")
  void pause(String note);

  @SignalMethod(name = "resume")
  void resume();
}
