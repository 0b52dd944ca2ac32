package io.catalog.cli.bench;

import java.util.function.Consumer;

/**
 * One of W1..W7.
 *
 * @param id {@code W1}…{@code W7}
 * @param title what it measures, in the progress line that starts it
 * @param body runs the platform's path and its raw baseline, adds rows to the report
 */
record Workload(String id, String title, Body body) {
  /** What a workload measures and how; the W classes. */
  interface Body {
    void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception;
  }
}
