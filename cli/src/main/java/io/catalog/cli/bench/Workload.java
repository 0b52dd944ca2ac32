package io.catalog.cli.bench;

import java.util.function.Consumer;

/** One of W1..W6: runs the platform's path and its raw baseline, adds rows to the report. */
abstract class Workload {
  private final String id;
  private final String title;

  /**
   * @param id {@code W1}…{@code W6}
   * @param title what it measures, in the progress line that starts it
   */
  Workload(String id, String title) {
    this.id = id;
    this.title = title;
  }

  final String id() {
    return id;
  }

  final String title() {
    return title;
  }

  abstract void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception;
}
