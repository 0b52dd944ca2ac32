package io.catalog.workflows;

/** What a workflow shows of an activity failure: the message of its innermost cause. */
public final class Failures {
  private Failures() {}

  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
