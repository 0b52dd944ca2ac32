package io.catalog.workflows.replay;

/** One partition in the {@code progress} query: where it started, where it is, where it ends. */
public record ReplayPartition(int partition, long start, long position, long end) {}
