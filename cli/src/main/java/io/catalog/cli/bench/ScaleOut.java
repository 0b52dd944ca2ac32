package io.catalog.cli.bench;

import java.util.List;
import java.util.Locale;

/**
 * One configuration of W7: {@code processes} bench workers processes, each started with {@code
 * OUTBOX_SHARDS=shards}, so the {@code shards} publisher workflows spread over the processes'
 * Temporal workers.
 */
record ScaleOut(int processes, int shards) {
  static final ScaleOut ONE_BY_ONE = new ScaleOut(1, 1);
  static final ScaleOut ONE_BY_FOUR = new ScaleOut(1, 4);
  static final ScaleOut THREE_BY_FOUR = new ScaleOut(3, 4);

  /** In the order W7 measures them: the baseline first. */
  static final List<ScaleOut> ALL = List.of(ONE_BY_ONE, ONE_BY_FOUR, THREE_BY_FOUR);

  ScaleOut {
    if (processes < 1 || shards < 1) {
      throw new IllegalArgumentException("processes and shards must be >= 1");
    }
  }

  /** {@code 3x4}: part of the configuration's name prefix and of its processes' names. */
  String label() {
    return processes + "x" + shards;
  }

  /** {@code w7-3x4}: the workload name given to {@link BenchContext#names(String)}. */
  String workload() {
    return "w7-" + label();
  }

  /** {@code workers-w7-3x4-2}: process {@code index} of this configuration; names its log. */
  String processName(int index) {
    return "workers-" + workload() + "-" + index;
  }

  /** "3 processes × 4 shards", for progress lines and notes. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%d process%s × %d shard%s",
        processes,
        processes == 1 ? "" : "es",
        shards,
        shards == 1 ? "" : "s");
  }
}
