package io.catalog.workflows;

/**
 * The {@code progress} query every long-running operator workflow (rebuild, replay, reconciliation)
 * answers with its own record (docs/architecture.md, "Workflows, signals and queries"). Clients
 * that only know a workflow id query it by {@link #NAME}.
 *
 * <p>Each workflow interface declares the query itself, typed: a generic parent interface ({@code P
 * progress()}) registers on the worker, but a typed client stub then reads the answer as the erased
 * {@code Object} (a {@code LinkedHashMap}, not the record), and redeclaring it with the concrete
 * type makes the SDK reject the compiler's bridge method as a second query of that name.
 */
public final class ProgressQuery {
  public static final String NAME = "progress";

  private ProgressQuery() {}
}
