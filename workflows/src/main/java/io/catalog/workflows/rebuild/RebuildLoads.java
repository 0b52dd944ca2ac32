package io.catalog.workflows.rebuild;

import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * The rebuild's indexing loops: a load from the database and the copies of events from Kafka (the
 * load from Kafka and the catch-ups), each as bounded activity chunks that return their position,
 * so a pause holds between chunks and the counts move with every chunk.
 */
final class RebuildLoads {
  private final RebuildState state;

  RebuildLoads(RebuildState state) {
    this.state = state;
  }

  /** What a copy of events did: where it stopped, how many it indexed, when it read its end. */
  record CopyOutcome(Map<Integer, Long> position, long indexed, long untilReadAtMicros) {}

  /** Loads every product row into the new index, chunk after chunk; returns how many. */
  long loadFromDatabase(ProductSearchRebuildActivities loads) {
    RebuildInput settings = state.settings();
    String afterId = null;
    long indexed = 0;
    for (int chunk = 0; ; chunk++) {
      state.checkpoint();
      DatabaseLoadResult r =
          loads.loadFromDatabase(
              new DatabaseLoadRequest(
                  requestId("load", chunk),
                  state.index(),
                  afterId,
                  settings.batchSize(),
                  settings.chunkSeconds(),
                  settings.maxDocsPerSecond()));
      if (r.lastId() != null) {
        afterId = r.lastId();
      }
      indexed += r.indexed();
      // Rows created while loading are loaded too (ids grow with time): the total grows with them.
      state.chunkDone(r.indexed(), r.attempt(), r.resumedAfter());
      if (r.done()) {
        return indexed;
      }
    }
  }

  /**
   * Copies the events from {@code from} to {@code until} (null: the end offsets its first chunk
   * reads) into {@code target}, chunk after chunk; with {@code pausable} a pause holds between
   * chunks.
   */
  CopyOutcome copyAll(
      ProductSearchRebuildActivities activities,
      String name,
      String target,
      Map<Integer, Long> from,
      Map<Integer, Long> until,
      boolean pausable) {
    RebuildInput settings = state.settings();
    Map<Integer, Long> position = from;
    Map<Integer, Long> end = until;
    long untilReadAt = 0;
    long indexed = 0;
    for (int chunk = 0; ; chunk++) {
      if (pausable) {
        state.checkpoint();
      }
      EventCopyResult r =
          activities.copyEvents(
              new EventCopyRequest(
                  requestId(name, chunk),
                  target,
                  position,
                  end,
                  settings.batchSize(),
                  settings.chunkSeconds(),
                  settings.maxDocsPerSecond()));
      if (end == null) {
        end = r.until();
        untilReadAt = r.untilReadAtMicros();
        state.addToTotal(OffsetsSnapshot.span(position, end));
      }
      position = r.position();
      indexed += r.indexed();
      state.chunkDone(r.indexed(), r.attempt(), r.resumedAfter());
      if (r.done()) {
        return new CopyOutcome(position, indexed, untilReadAt);
      }
    }
  }

  private static String requestId(String name, int chunk) {
    return Workflow.getInfo().getWorkflowId()
        + "/"
        + Workflow.getInfo().getRunId()
        + "/"
        + name
        + "/"
        + chunk;
  }
}
