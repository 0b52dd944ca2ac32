package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** W2's writers: every connection and every load thread exists before the first write is due. */
class HandlePoolTest {
  private final AtomicInteger connectionsOpened = new AtomicInteger();
  private final List<Connection> closed = new CopyOnWriteArrayList<>();

  /** A Jdbi whose connections are stand-ins that count opens and closes; no database. */
  private Jdbi countingJdbi() {
    return Jdbi.create(
        () -> {
          connectionsOpened.incrementAndGet();
          Connection[] self = new Connection[1];
          self[0] =
              (Connection)
                  Proxy.newProxyInstance(
                      Connection.class.getClassLoader(),
                      new Class<?>[] {Connection.class},
                      (proxy, method, args) -> {
                        switch (method.getName()) {
                          case "close" -> closed.add(self[0]);
                          case "getAutoCommit" -> {
                            return true;
                          }
                          case "isClosed" -> {
                            return closed.contains(self[0]);
                          }
                          case "hashCode" -> {
                            return System.identityHashCode(proxy);
                          }
                          case "equals" -> {
                            return proxy == args[0];
                          }
                          default -> {}
                        }
                        Class<?> type = method.getReturnType();
                        if (type == boolean.class) {
                          return false;
                        }
                        if (type == int.class) {
                          return 0;
                        }
                        return null;
                      });
          return self[0];
        });
  }

  @Test
  void opensEveryConnectionBeforeTheFirstUseAndReusesThem() throws Exception {
    Set<Handle> used = ConcurrentHashMap.newKeySet();
    try (HandlePool pool = new HandlePool(countingJdbi(), 4)) {
      assertThat(connectionsOpened).hasValue(4);
      assertThat(pool.size()).isEqualTo(4);
      LoadRunner.Outcome outcome =
          LoadRunner.openLoop(
              OpenLoopSchedule.of(200, 0.5),
              4,
              Duration.ofSeconds(5),
              (i, due) -> pool.with(h -> used.add(h)));
      assertThat(outcome.failed()).isZero();
      assertThat(connectionsOpened).as("no connection opened while measuring").hasValue(4);
      assertThat(used).hasSizeLessThanOrEqualTo(4);
    }
    assertThat(closed).hasSize(4);
  }

  @Test
  void everyLoadThreadIsStartedBeforeTheFirstOperationRuns() throws Exception {
    AtomicInteger threadsAtFirstOperation = new AtomicInteger(-1);
    // More operations than threads: a thread with nothing left to offer ends with the loop.
    LoadRunner.openLoop(
        OpenLoopSchedule.of(10, 0.8),
        4,
        Duration.ofSeconds(5),
        (i, due) -> {
          if (i == 0) {
            threadsAtFirstOperation.set(
                (int)
                    Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("bench-offer-"))
                        .count());
          }
        });
    assertThat(threadsAtFirstOperation).hasValue(4);
  }
}
