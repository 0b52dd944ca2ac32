package io.catalog.cli.bench;

import java.util.function.Consumer;

/** One of W1..W6: runs the platform's path and its raw baseline, adds rows to the report. */
interface Workload {
  String id();

  String title();

  void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception;
}
