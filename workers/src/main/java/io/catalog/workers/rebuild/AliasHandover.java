package io.catalog.workers.rebuild;

import io.catalog.search.index.IndexState;
import io.catalog.search.index.SearchIndexes;
import io.catalog.workflows.rebuild.EventCopyRequest;
import io.catalog.workflows.rebuild.EventCopyResult;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the search alias without losing a write (docs/architecture.md, "Rebuild"). Every move
 * records, on the index losing the alias, the live projection's committed offsets ({@link
 * IndexState#retiredPositions()}). Moving back to such an index first copies {@code product.events}
 * from those offsets into it (through the projection's document builder, with external versions),
 * then moves the alias, then copies what arrived meanwhile: whatever the live projection applied to
 * the newer index is in the restored one.
 */
final class AliasHandover {
  private static final Logger log = LoggerFactory.getLogger(AliasHandover.class);
  private static final int BATCH_SIZE = 1000;

  /** One copy call runs this long before the loop calls it again from its position. */
  private static final int CHUNK_SECONDS = 30;

  private final SearchIndexes indexes;
  private final EventCopier copier;
  private final Supplier<Map<Integer, Long>> livePositions;

  AliasHandover(
      SearchIndexes indexes, EventCopier copier, Supplier<Map<Integer, Long>> livePositions) {
    this.indexes = indexes;
    this.copier = copier;
    this.livePositions = livePositions;
  }

  /** A rebuild's switch to its new index (whose catch-ups the workflow runs itself). */
  void switchTo(String index) throws IOException {
    indexes.switchAlias(index, livePositions.get());
  }

  /**
   * Moves the alias from {@code from} back to {@code to}, a whole index that served before. Safe to
   * retry: a retry after the move finds the alias on {@code to} and finishes the last copy from the
   * position recorded in {@code to}'s {@code _meta}; without one there is nothing left to do (the
   * move never happened, or it finished).
   *
   * @param requestId names the copies in the logs
   * @return events copied into {@code to} (re-applied ones included)
   */
  long moveBack(String from, String to, String requestId, ChunkContext ctx) throws IOException {
    List<String> holders = indexes.aliasHolders();
    if (holders.equals(List.of(to))) {
      Map<Integer, Long> tailFrom = indexes.state(to).handoverPositions();
      return tailFrom == null ? 0 : finish(to, tailFrom, requestId, ctx);
    }
    if (!holders.contains(from)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "alias "
              + indexes.alias()
              + " points at "
              + holders
              + ", not at "
              + from
              + " any more: someone else moved it; not rolling back",
          "AliasMoved");
    }
    IndexState state = indexes.state(to);
    if (!state.whole()) {
      throw ApplicationFailure.newNonRetryableFailure(
          to
              + " was never validated or served (state "
              + state.state()
              + "); not rolling back to it",
          "NotWhole");
    }
    // Most of the copy happens while the alias still serves the newer index...
    EventCopyResult before = copy(to, state.retiredPositions(), requestId + "/before-move", ctx);
    indexes.writeState(to, indexes.state(to).withHandoverPositions(before.until()));
    indexes.switchAlias(to, livePositions.get());
    log.info(
        "alias {} moved from {} back to {} after copying {} events from {}",
        indexes.alias(),
        from,
        to,
        before.indexed(),
        state.retiredPositions());
    // ...and the rest is what the live projection wrote to it between that copy's end and the move.
    return before.indexed() + finish(to, before.until(), requestId, ctx);
  }

  private long finish(String to, Map<Integer, Long> tailFrom, String requestId, ChunkContext ctx)
      throws IOException {
    EventCopyResult tail = copy(to, tailFrom, requestId + "/after-move", ctx);
    indexes.writeState(to, indexes.state(to).withHandoverPositions(null));
    log.info("{} caught up after the move: {} events from {}", to, tail.indexed(), tailFrom);
    return tail.indexed();
  }

  /**
   * Copies from {@code from} (null: the beginning) to the end offsets read now, into {@code index}.
   */
  private EventCopyResult copy(
      String index, Map<Integer, Long> from, String requestId, ChunkContext ctx) {
    EventCopyRequest request =
        new EventCopyRequest(requestId, index, from, null, BATCH_SIZE, CHUNK_SECONDS, 0);
    EventCopyHeartbeat at = null;
    while (true) {
      EventCopyResult r = copier.copy(request, at, 1, ctx);
      if (r.done()) {
        return r;
      }
      at = EventCopyHeartbeat.after(r);
    }
  }
}
