package io.catalog.domain.outbox;

import java.util.Iterator;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes idle publishers once outbox rows have committed: one {@code NOTIFY outbox_events} per burst
 * of writes, sent by one thread on its own connection, never by a writer's transaction.
 *
 * <p>Why not a trigger on insert (V1 had one): Postgres serialises every committing transaction
 * that notified behind one database-wide lock, held until its commit record is on disk. With {@code
 * synchronous_commit = on} each create's fsync then waited for all the others', and 16 writers
 * queued on that lock (wait event {@code Lock: object}); raw inserts fell from about 5,100 to 1,500
 * transactions/s with the trigger (docs/benchmarks.md, "The notify lock"). Here the notifying
 * transaction is one statement that commits without waiting for the disk (a lost notification costs
 * only a publisher's idle poll), and writes that commit while it runs share the next one.
 *
 * <p>Two notifications are at least {@link #MIN_GAP_MILLIS} apart: under load the signals of that
 * window share the next one, and a quiet writer's first signal is sent at once. Every notification
 * is a transaction and a round trip of the API's and a wake-up of every listening publisher, while
 * a publisher busy with a batch claims again without one.
 *
 * <p>The payload lists the distinct shard keys of the burst, comma-separated ({@link #ALL} when
 * there are too many for one payload); a publisher wakes when one of them is its own.
 *
 * <p>If the sending thread dies (an {@link Error}), {@link #problem} says so and the process's
 * {@code /health} with it: publishers would then find new rows only at their idle poll.
 */
public final class OutboxWakeups implements AutoCloseable {
  public static final String CHANNEL = "outbox_events";

  /** The payload that wakes every publisher. */
  public static final String ALL = "*";

  /**
   * Postgres refuses payloads of 8,000 bytes or more. A shard key is a bucket below {@link
   * OutboxEvent#BUCKETS}, so every distinct key of a burst fits (1,024 keys of up to 4 digits);
   * more can only come from keys outside the buckets.
   */
  private static final int MAX_KEYS = OutboxEvent.BUCKETS;

  private static final String NOTIFY =
      "SELECT set_config('synchronous_commit', 'off', true), pg_notify('" + CHANNEL + "', :keys)";

  private static final Logger log = LoggerFactory.getLogger(OutboxWakeups.class);

  private static final long CLOSE_WAIT_MILLIS = 5_000;

  /**
   * The least time between the starts of two notifications. A row committed right after one waits
   * at most this long for the next (docs/benchmarks.md, "Fewer wake-ups").
   */
  public static final long MIN_GAP_MILLIS = 5;

  private static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_GAP_MILLIS);

  private final Consumer<String> notify;
  private final Runnable release;
  private final Set<Integer> pending = ConcurrentHashMap.newKeySet();
  private final AtomicLong sent = new AtomicLong();
  private volatile Thread sender;
  private volatile boolean closed;
  private volatile Throwable died;

  /** The sender is parked until a signal comes: only then does a signal wake it. */
  private volatile boolean idle;

  /**
   * Notifies through {@code jdbi}'s database, on one handle the sending thread keeps: a wake-up
   * never queues for the writers' pool, nor opens a connection per burst where there is none.
   */
  public OutboxWakeups(Jdbi jdbi) {
    this(new NotifyHandle(jdbi));
  }

  private OutboxWakeups(NotifyHandle handle) {
    this(handle::send, handle::close);
  }

  /** Hands each burst's payload to {@code notify} (on the sending thread); for tests. */
  public OutboxWakeups(Consumer<String> notify) {
    this(notify, () -> {});
  }

  private OutboxWakeups(Consumer<String> notify, Runnable release) {
    this.notify = notify;
    this.release = release;
  }

  /**
   * Asks for a wake-up of the publisher owning {@code shardKey}; returns at once. After {@link
   * #close} it does nothing: the publishers' idle poll finds the row.
   */
  public void signal(int shardKey) {
    if (closed) {
      return;
    }
    pending.add(shardKey);
    Thread t = sender();
    // While the sender sends or waits out the gap it will look at the keys anyway: waking it for
    // each signal would cost a thread switch per write.
    if (idle) {
      LockSupport.unpark(t);
    }
  }

  /**
   * Null while wake-ups can be sent (also before the first, and after {@link #close}); otherwise
   * why they stopped, for the process's health check.
   */
  public String problem() {
    Throwable cause = died;
    return cause == null
        ? null
        // The class alone: /health is public, and the log has the whole failure.
        : "the outbox wake-up sender stopped ("
            + cause.getClass().getSimpleName()
            + "): publishers see new rows only at their idle poll";
  }

  /** Stops the sending thread and closes its connection; later signals are ignored. */
  @Override
  public void close() {
    closed = true;
    Thread t = sender;
    if (t != null) {
      t.interrupt();
      try {
        t.join(CLOSE_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        log.warn("the outbox wake-up sender did not stop within {} ms", CLOSE_WAIT_MILLIS);
        return; // it still owns its connection
      }
    }
    release.run();
  }

  /** Notifications sent so far (each covers one burst of signals). */
  public long sent() {
    return sent.get();
  }

  private Thread sender() {
    Thread t = sender;
    if (t == null) {
      synchronized (this) {
        t = sender;
        if (t == null) {
          t = new Thread(this::run, "outbox-wakeups");
          t.setDaemon(true);
          t.start();
          sender = t;
        }
      }
    }
    return t;
  }

  private void run() {
    long lastSent = System.nanoTime() - MIN_GAP_NANOS;
    try {
      while (!closed && !Thread.currentThread().isInterrupted()) {
        awaitSignal();
        long gapLeft = lastSent + MIN_GAP_NANOS - System.nanoTime();
        if (gapLeft > 0) {
          LockSupport.parkNanos(this, gapLeft);
          continue;
        }
        if (!closed && !pending.isEmpty()) {
          lastSent = System.nanoTime();
          notifyPublishers(drain());
        }
      }
    } catch (RuntimeException | Error e) {
      died = e;
      log.error("the outbox wake-up sender stopped; publishers fall back to their idle poll", e);
      throw e;
    }
  }

  /**
   * Parks until a key is pending. {@link #idle} is set before the last look, and {@link #signal}
   * adds its key before it reads {@link #idle}: one of the two sees the other, so no signal is
   * missed. Looking first also covers a permit that whatever the send blocked on (a pool, a socket)
   * may have taken.
   */
  private void awaitSignal() {
    while (pending.isEmpty() && !closed && !Thread.currentThread().isInterrupted()) {
      idle = true;
      if (pending.isEmpty()) {
        LockSupport.park(this);
      }
      idle = false;
    }
  }

  /** Whether the sending thread has started and not ended. */
  boolean senderAlive() {
    Thread t = sender;
    return t != null && t.isAlive();
  }

  /** Whether signals are waiting for the sender. */
  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Adds a key without waking the sender, so a test can look at {@link #drain} alone. */
  void pendingForTest(int shardKey) {
    pending.add(shardKey);
  }

  /** The pending keys as a payload, removed from the pending set. */
  String drain() {
    StringJoiner keys = new StringJoiner(",");
    int count = 0;
    for (Iterator<Integer> it = pending.iterator(); it.hasNext(); ) {
      Integer key = it.next();
      it.remove();
      if (++count <= MAX_KEYS) {
        keys.add(key.toString());
      }
    }
    return count > MAX_KEYS ? ALL : keys.toString();
  }

  private void notifyPublishers(String keys) {
    try {
      notify.accept(keys);
      sent.incrementAndGet();
    } catch (RuntimeException e) {
      // Nothing is lost: publishers also look on their own every few seconds (IDLE_POLL).
      if (!closed) {
        log.warn("could not wake the outbox publishers: {}", e.getMessage());
      }
    }
  }

  /**
   * Sends one wake-up naming {@code keys} ({@link #ALL} or comma-separated shard keys) on {@code
   * handle}: the statement the sending thread runs, for others that must wake a shard themselves.
   */
  public static void send(Handle handle, String keys) {
    handle.createQuery(NOTIFY).bind("keys", keys).mapTo(String.class).one();
  }

  /**
   * Whether a payload of this class (or of the V1 trigger: one key) names a key that {@code owns}
   * accepts; anything unreadable wakes the publisher, which then looks for itself.
   */
  public static boolean names(String payload, IntPredicate owns) {
    for (String key : payload.split(",")) {
      try {
        if (owns.test(Integer.parseInt(key.trim()))) {
          return true;
        }
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return false;
  }
}
