package io.catalog.workflows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The note of a pause that a tool holds for the length of one of its runs, as against an operator's
 * pause: {@code ./platform bench} holds the drift reconciliation's schedule while it measures, and
 * the outbox publishers while W2 and W7 pile up a backlog. The tool lifts its hold at the run's
 * end; a run killed outright cannot, so a workers start lifts such a pause, and the next bench run
 * lifts one whose run has ended. An operator's pause (any other note, or none) is left in force by
 * both (docs/architecture.md, "Workflows, signals and queries").
 */
public final class RunHold {
  /** How the note of such a pause begins. */
  public static final String PREFIX = "held for the run of ";

  private RunHold() {}

  /**
   * The note of a hold: {@code held for the run of <run> since <time>; <then>}.
   *
   * @param then what the run does with the hold at its end, for whoever reads the note meanwhile
   */
  public static String note(String run, Instant since, String then) {
    return PREFIX + run + " since " + since.truncatedTo(ChronoUnit.SECONDS) + "; " + then;
  }

  public static boolean isRunHold(String note) {
    return note != null && note.startsWith(PREFIX);
  }

  /** The run a hold's note names (up to the first space after the prefix), or null for others. */
  public static String run(String note) {
    if (!isRunHold(note)) {
      return null;
    }
    String rest = note.substring(PREFIX.length());
    int end = rest.indexOf(' ');
    return end < 0 ? rest : rest.substring(0, end);
  }
}
