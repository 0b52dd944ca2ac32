package io.catalog.domain.outbox;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The handle {@link OutboxWakeups}' sending thread notifies on: its own, opened at the first burst
 * and again after a failure.
 */
final class NotifyHandle {
  private final Jdbi jdbi;
  private Handle handle;

  NotifyHandle(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  void send(String keys) {
    try {
      if (handle == null) {
        handle = jdbi.open();
      }
      OutboxWakeups.send(handle, keys);
    } catch (RuntimeException e) {
      Handle broken = handle;
      handle = null;
      if (broken != null) {
        try {
          broken.close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  void close() {
    if (handle != null) {
      handle.close();
      handle = null;
    }
  }
}
