package io.catalog.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * A fixed set of connections, all opened before anything is measured, like a pool's steady state: a
 * new connection per write (what {@code Jdbi.create(url)} does) would measure Postgres's
 * authentication, not the write, and so would a connection opened on a load thread's first write
 * inside the measured window (32 of them in W2's first 200 ms, writes behind them late by up to 210
 * ms). One pool serves a warm-up and the measurement after it.
 */
final class HandlePool implements AutoCloseable {
  private final List<Handle> opened = new ArrayList<>();
  private final BlockingQueue<Handle> idle;

  /** Opens {@code size} connections now; closes the ones it opened if one of them fails. */
  HandlePool(Jdbi jdbi, int size) {
    idle = new ArrayBlockingQueue<>(size);
    try {
      for (int i = 0; i < size; i++) {
        Handle h = jdbi.open();
        opened.add(h);
        idle.add(h);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Runs {@code callback} on an idle connection, waiting for one if all are in use. */
  <R, X extends Exception> R with(HandleCallback<R, X> callback) throws X, InterruptedException {
    Handle h = idle.take();
    try {
      return callback.withHandle(h);
    } finally {
      idle.add(h);
    }
  }

  /** How many connections it opened. */
  int size() {
    return opened.size();
  }

  @Override
  public void close() {
    opened.forEach(Handle::close);
    opened.clear();
  }
}
