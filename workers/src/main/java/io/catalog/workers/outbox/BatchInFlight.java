package io.catalog.workers.outbox;

import io.catalog.domain.outbox.ClaimWindow;
import io.catalog.domain.outbox.ClaimedEvent;
import io.catalog.domain.outbox.OutboxPublishDao;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jdbi.v3.core.Handle;

/**
 * A batch between {@link OutboxPublisher#claimAndSend} and {@link OutboxPublisher#finish}: its rows
 * claimed (locked by the transaction open on {@code handle}) and handed to the producer, one
 * outcome per row filled in by the producer's callbacks.
 */
public record BatchInFlight(
    Handle handle,
    OutboxPublishDao dao,
    List<ClaimedEvent> rows,
    AtomicReferenceArray<Object> outcomes,
    CountDownLatch pending) {

  BatchInFlight(Handle handle, OutboxPublishDao dao, List<ClaimedEvent> rows) {
    this(
        handle,
        dao,
        rows,
        new AtomicReferenceArray<>(rows.size()),
        new CountDownLatch(rows.size()));
  }

  /**
   * Where the next claim of a drain walks from while this batch, claimed from {@code window}, is
   * still in flight ({@link ClaimWindow#after}; its rows stay locked meanwhile).
   */
  ClaimWindow next(ClaimWindow window) {
    return window.after(rows.size(), lastId());
  }

  /** The highest id of the batch (its rows are in id order). */
  long lastId() {
    return rows.get(rows.size() - 1).id();
  }
}
