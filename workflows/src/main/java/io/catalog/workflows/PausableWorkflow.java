package io.catalog.workflows;

/**
 * The {@code pause} and {@code resume} signals of a long-running workflow, over the {@link
 * PauseSwitch} it owns: the implementation extends this, its workflow interface declares the two
 * signal methods, and these implement them. Workflow state only, no command of its own.
 */
public abstract class PausableWorkflow {
  protected final PauseSwitch pauses = new PauseSwitch();

  public void pause(String note) {
    pauses.pause(note);
    afterPauseSignal();
  }

  public void resume() {
    pauses.resume();
    afterPauseSignal();
  }

  /** Runs after a pause or resume signal switched {@link #pauses}; nothing unless overridden. */
  protected void afterPauseSignal() {}
}
