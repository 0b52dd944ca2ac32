package io.catalog.workers.outbox;

import io.catalog.domain.outbox.OutboxWakeups;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.IntPredicate;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * {@code LISTEN outbox_events} on a handle's connection. Writers' {@link OutboxWakeups} notify with
 * the shard keys of rows that just committed, so an idle publisher wakes the moment there is work
 * instead of polling. Notifications are delivered between transactions, so the same connection can
 * run the publisher's claim transactions in between.
 */
final class OutboxNotifications implements AutoCloseable {
  static final String CHANNEL = OutboxWakeups.CHANNEL;

  private final Handle handle;
  private final PGConnection connection;

  private OutboxNotifications(Handle handle, PGConnection connection) {
    this.handle = handle;
    this.connection = connection;
  }

  static OutboxNotifications listen(Handle handle) {
    try {
      PGConnection pg = handle.getConnection().unwrap(PGConnection.class);
      handle.execute("LISTEN " + CHANNEL);
      return new OutboxNotifications(handle, pg);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot LISTEN " + CHANNEL + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits up to {@code max} for a notification whose shard_key passes {@code wanted}, running
   * {@code tick} at least every {@code tickEvery}; all notifications that came are consumed.
   *
   * @return whether a wanted notification came
   */
  boolean await(Duration max, IntPredicate wanted, Duration tickEvery, Runnable tick)
      throws SQLException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      long remainingMs = Math.min(tickEvery.toMillis(), (deadline - System.nanoTime()) / 1_000_000);
      if (remainingMs <= 0) {
        return false;
      }
      // Never 0: for pgjdbc 0 means "block until one comes".
      PGNotification[] notes = connection.getNotifications((int) Math.max(1, remainingMs));
      boolean hit = false;
      if (notes != null) {
        for (PGNotification note : notes) {
          hit |= CHANNEL.equals(note.getName()) && OutboxWakeups.names(note.getParameter(), wanted);
        }
      }
      if (hit) {
        return true;
      }
      tick.run();
    }
  }

  /** Wakes the other publishers of {@code shard} that are waiting for a notification. */
  void wake(int shard) {
    OutboxWakeups.send(handle, Integer.toString(shard));
  }

  @Override
  public void close() {
    try {
      handle.execute("UNLISTEN " + CHANNEL);
    } catch (RuntimeException e) {
      // The connection is closed right after; a failed UNLISTEN changes nothing.
    }
  }
}
