package io.catalog.workflows;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Functions;
import java.util.ArrayList;
import java.util.List;

/**
 * A saga's compensations, run one by one in reverse order of registration, each whatever became of
 * the ones before. It replaces the SDK's {@code Saga}, whose sequential mode with {@code
 * continueWithError} drops every failure without a trace: a compensation that fails leaves
 * something behind (an index, the alias on the wrong index) and must be reported. Same commands as
 * that {@code Saga}: each compensation's activities, one after the other.
 */
public final class Compensations {
  private final List<Functions.Proc> steps = new ArrayList<>();

  /** Registers {@code compensation}, before running the step it undoes. */
  public void add(Functions.Proc compensation) {
    steps.add(compensation);
  }

  public <A1> void add(Functions.Proc1<A1> compensation, A1 arg) {
    steps.add(() -> compensation.apply(arg));
  }

  public <A1, A2> void add(Functions.Proc2<A1, A2> compensation, A1 arg1, A2 arg2) {
    steps.add(() -> compensation.apply(arg1, arg2));
  }

  /**
   * Runs every compensation, newest first.
   *
   * @return the root messages of those that failed, in the order they ran; empty when all succeeded
   */
  public List<String> run() {
    List<String> failures = new ArrayList<>();
    for (int i = steps.size() - 1; i >= 0; i--) {
      try {
        steps.get(i).apply();
      } catch (RuntimeException e) {
        failures.add(rootMessage(e));
      }
    }
    return failures;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ApplicationFailure af ? af.getOriginalMessage() : t.getMessage();
  }
}
