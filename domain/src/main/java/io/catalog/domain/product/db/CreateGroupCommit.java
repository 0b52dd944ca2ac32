package io.catalog.domain.product.db;

import io.catalog.domain.db.SqlStates;
import io.catalog.domain.outbox.OutboxEvent;
import io.catalog.domain.product.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit of creates: creates that arrive while earlier ones are being written wait, and the
 * next writer takes all of them into one transaction, one round trip and one commit (one WAL flush)
 * instead of one each. A create that finds a lane free is written at once, alone, as before: no
 * create waits for company, so a quiet API answers as fast as without this.
 *
 * <p>There is no writer thread: the callers are the writers (leader/follower). Each caller queues
 * its create and tries to take one of the {@code lanes}; the one that gets it writes whatever is
 * queued (at most {@link #MAX_BATCH}), then wakes the oldest waiting caller to take the lane next.
 * The others sleep until their create is written or they are woken to write; a caller whose create
 * is already in a writer's batch only sleeps, whatever wakes it, and takes no lane meanwhile.
 * Nothing runs between requests, so there is nothing to stop and nothing that can die on its own.
 *
 * <p>A batch commits whole or not at all. When it fails for one row's own fault (a data or
 * constraint error: SQLSTATE class 22 or 23), every create of the batch is retried alone, so each
 * caller gets its own answer and the others are not failed by a neighbour; nothing of a failed
 * transaction is left. Any other failure (connection, outage) is every caller's answer as it is.
 */
public final class CreateGroupCommit {
  /** At most this many creates in one transaction. */
  public static final int MAX_BATCH = 64;

  private final Jdbi jdbi;
  private final Semaphore lanes;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong emptyTurns = new AtomicLong();

  /**
   * @param lanes how many transactions may be in flight at once
   */
  public CreateGroupCommit(Jdbi jdbi, int lanes) {
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes must be at least 1, was " + lanes);
    }
    this.jdbi = jdbi;
    this.lanes = new Semaphore(lanes);
  }

  /**
   * Inserts {@code product} and its outbox {@code event}, committed (alone or with other creates)
   * when this returns.
   */
  public void insert(Product product, OutboxEvent event) {
    Pending mine = new Pending(new ProductDao.NewRow(product, event), Thread.currentThread());
    queue.add(mine);
    boolean interrupted = false;
    while (!mine.done) {
      // Once another writer has taken this create into its batch, there is nothing to do but wait
      // for that batch: taking a free lane then would find the queue empty, again and again.
      if (!mine.taken && lanes.tryAcquire()) {
        try {
          write(drain());
        } finally {
          lanes.release();
        }
        // Whoever queued while the lane was taken sleeps: the oldest of them writes next.
        Pending next = queue.peek();
        if (next != null) {
          LockSupport.unpark(next.owner);
        }
      } else {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  /** Transactions written so far (a create written alone counts as one). */
  public long batches() {
    return batches.get();
  }

  /** Creates waiting for a lane now. */
  public int queued() {
    return queue.size();
  }

  /**
   * Lane turns that found nothing to write: a caller whose create another writer took between its
   * look and its drain. At most one per create; anything above that would be a caller spinning.
   */
  public long emptyTurns() {
    return emptyTurns.get();
  }

  /** Creates written so far. */
  public long written() {
    return written.get();
  }

  private List<Pending> drain() {
    List<Pending> batch = new ArrayList<>();
    Pending p;
    while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
      p.taken = true;
      batch.add(p);
    }
    return batch;
  }

  private void write(List<Pending> batch) {
    if (batch.isEmpty()) {
      emptyTurns.incrementAndGet();
      return;
    }
    try {
      if (batch.size() == 1) {
        writeAlone(batch.get(0));
      } else {
        writeTogether(batch);
      }
    } catch (RuntimeException e) {
      if (batch.size() > 1 && SqlStates.dataError(e) != null) {
        batch.forEach(this::writeAlone);
      } else {
        batch.forEach(p -> p.fail(e));
      }
    } finally {
      for (Pending p : batch) {
        if (!p.done) {
          p.fail(
              new IllegalStateException(
                  "create of " + p.newRow.product().id() + " was not written"));
        }
      }
    }
  }

  private void writeTogether(List<Pending> batch) {
    List<ProductDao.NewRow> rows = batch.stream().map(p -> p.newRow).toList();
    jdbi.useTransaction(h -> ProductDao.on(h).insertAll(rows));
    batches.incrementAndGet();
    written.addAndGet(batch.size());
    batch.forEach(Pending::succeed);
  }

  /** One create in its own statement (auto-commit); its failure is its caller's alone. */
  private void writeAlone(Pending p) {
    try {
      jdbi.useHandle(h -> ProductDao.on(h).insert(p.newRow));
      batches.incrementAndGet();
      written.incrementAndGet();
      p.succeed();
    } catch (RuntimeException e) {
      p.fail(e);
    }
  }

  private static final class Pending {
    final ProductDao.NewRow newRow;
    final Thread owner;
    RuntimeException failure;

    /** In a writer's batch: its owner no longer takes lane turns, it waits for {@link #done}. */
    volatile boolean taken;

    volatile boolean done;

    Pending(ProductDao.NewRow newRow, Thread owner) {
      this.newRow = newRow;
      this.owner = owner;
    }

    void succeed() {
      done = true;
      LockSupport.unpark(owner);
    }

    void fail(RuntimeException e) {
      failure = e;
      done = true;
      LockSupport.unpark(owner);
    }
  }
}
