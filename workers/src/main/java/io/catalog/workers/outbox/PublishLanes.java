package io.catalog.workers.outbox;

import io.catalog.domain.outbox.ClaimWindow;
import org.jdbi.v3.core.Handle;

/**
 * Two claim-send-mark transactions of one shard on two connections: while one batch waits for its
 * acks, is marked and commits, the next is claimed and sent. A drain's batches otherwise ran one
 * round trip after another (claim, send, acks, mark, commit), with the machine half idle.
 *
 * <p>Nothing of the outbox's guarantees depends on one batch at a time:
 *
 * <ul>
 *   <li><b>Order per product.</b> The claim takes a row only while every earlier version of its
 *       product is PUBLISHED in the claim's snapshot ({@code claim.sql}). A version in the batch in
 *       flight is PENDING there until that batch commits, after its ack, so its successor is held
 *       back until then: one product's events never travel in two batches at once.
 *   <li><b>No double publish.</b> The batch in flight holds its rows' locks; a claim skips them
 *       ({@code SKIP LOCKED}), and a claim past a full batch does not even walk them.
 *   <li><b>Marked only after the ack.</b> Each batch is still marked and committed in its own
 *       transaction once all its acks came ({@link OutboxPublisher#finish}).
 * </ul>
 */
final class PublishLanes {
  /** One step: the batch just claimed and sent (null if none), and the one finished meanwhile. */
  record Step(BatchInFlight claimed, OutboxPublisher.BatchResult finished) {}

  private final OutboxPublisher publisher;
  private final Handle first;
  private final Handle second;
  private BatchInFlight inFlight;

  PublishLanes(OutboxPublisher publisher, Handle first, Handle second) {
    this.publisher = publisher;
    this.first = first;
    this.second = second;
  }

  /**
   * Claims and sends the rows of {@code window} on the lane that is free, then finishes the batch
   * that was in flight on the other; the new batch is the one in flight afterwards.
   */
  Step advance(ClaimWindow window, Runnable tick) {
    Handle free = inFlight != null && inFlight.handle() == first ? second : first;
    BatchInFlight claimed;
    try {
      claimed = publisher.claimAndSend(free, window);
    } catch (RuntimeException | Error e) {
      // The batch in flight was sent: mark what the broker acknowledged before giving up.
      try {
        finishAll(tick);
      } catch (RuntimeException | Error again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    OutboxPublisher.BatchResult finished =
        inFlight == null ? OutboxPublisher.BatchResult.EMPTY : publisher.finish(inFlight, tick);
    inFlight = claimed;
    return new Step(claimed, finished);
  }

  /** Finishes the batch in flight, if any; nothing is in flight afterwards. */
  OutboxPublisher.BatchResult finishAll(Runnable tick) {
    BatchInFlight last = inFlight;
    inFlight = null;
    return last == null ? OutboxPublisher.BatchResult.EMPTY : publisher.finish(last, tick);
  }
}
