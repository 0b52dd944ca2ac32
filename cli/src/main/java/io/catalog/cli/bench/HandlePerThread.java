package io.catalog.cli.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One open connection per load thread, like a pool's steady state: a new connection per write (what
 * {@code Jdbi.create(url)} does) would measure Postgres's authentication, not the write.
 */
final class HandlePerThread implements AutoCloseable {
  private final List<Handle> opened = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Handle> handles;

  HandlePerThread(Jdbi jdbi) {
    handles =
        ThreadLocal.withInitial(
            () -> {
              Handle h = jdbi.open();
              opened.add(h);
              return h;
            });
  }

  Handle get() {
    return handles.get();
  }

  @Override
  public void close() {
    opened.forEach(Handle::close);
    opened.clear();
  }
}
