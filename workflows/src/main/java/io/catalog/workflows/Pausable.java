package io.catalog.workflows;

import io.temporal.workflow.SignalMethod;

/**
 * The {@code pause} and {@code resume} signals every long-running workflow takes
 * (docs/architecture.md, "Workflows, signals and queries"): its workflow interface extends this,
 * its implementation extends {@link PausableWorkflow}. A pause takes effect between batches, within
 * about a second; a resume goes on from where it stopped.
 */
public interface Pausable {
  @SignalMethod(name = "pause")
  void pause();

  @SignalMethod(name = "resume")
  void resume();
}
