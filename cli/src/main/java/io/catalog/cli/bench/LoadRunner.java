package io.catalog.cli.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives load from the bench process with its own threads: closed loop (N clients, each sends the
 * next request when the last answered) for throughput, open loop (a fixed offered rate) for
 * latency. Every run is bounded in count and time and stops by itself.
 */
public final class LoadRunner {
  private LoadRunner() {}

  /** One operation; {@code dueNanos} is the {@link System#nanoTime()} it was due at. */
  @FunctionalInterface
  public interface Operation {
    void run(int i, long dueNanos) throws Exception;
  }

  /**
   * @param ok operations that completed inside the measured window
   * @param failed operations that threw
   * @param seconds length of the measured window
   */
  public record Outcome(long ok, long failed, double seconds, String lastError) {
    public double perSecond() {
      return seconds > 0 ? ok / seconds : Double.NaN;
    }
  }

  /**
   * The closed loop's client threads, kept for a whole phase (its warm-up windows and its measured
   * window), so that what a client holds per thread (a keep-alive connection, a database session)
   * is opened once and not once per window. With a pool per window, every window's sessions stayed
   * open: at 64 clients the raw baseline's sixth window found every Postgres connection slot taken
   * and measured nothing (docs/benchmarks.md).
   */
  public static final class Clients implements AutoCloseable {
    private final int count;
    private final ThreadPoolExecutor pool;

    public Clients(int count) {
      this.count = count;
      this.pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(count, daemon("bench-client"));
      pool.prestartAllCoreThreads();
    }

    public int count() {
      return count;
    }

    /** Stops the clients as a per-window pool was stopped: an operation still running gets 10 s. */
    @Override
    public void close() throws InterruptedException {
      finish(pool, Duration.ZERO);
    }
  }

  /**
   * The {@code clients} run {@code op} back to back; the first {@code warmup} is not counted, then
   * operations completing within {@code measure} are counted and their latencies recorded.
   */
  public static Outcome closedLoop(
      Clients clients, Duration warmup, Duration measure, Operation op, Latencies latencies)
      throws InterruptedException {
    long start = System.nanoTime();
    long from = start + warmup.toNanos();
    long until = from + measure.toNanos();
    AtomicInteger counter = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> lastError = new AtomicReference<>();
    Callable<Void> client =
        () -> {
          while (System.nanoTime() < until) {
            long begin = System.nanoTime();
            try {
              op.run(counter.getAndIncrement(), begin);
              long end = System.nanoTime();
              if (begin >= from && end <= until) {
                ok.incrementAndGet();
                latencies.recordNanos(end - begin);
              }
            } catch (Exception e) {
              failed.incrementAndGet();
              lastError.set(e.toString());
              if (e instanceof InterruptedException) {
                return null;
              }
            }
          }
          return null;
        };
    // An operation still running a minute after the window is cancelled (interrupted).
    clients.pool.invokeAll(
        Collections.nCopies(clients.count(), client),
        measure.plus(warmup).plusSeconds(60).toMillis(),
        TimeUnit.MILLISECONDS);
    return new Outcome(ok.get(), failed.get(), measure.toNanos() / 1e9, lastError.get());
  }

  /**
   * What {@link #warmUntilSteady} did: windows run, seconds spent, the rate of each window, and
   * whether the rate settled before the time limit.
   */
  public record Warmup(int windows, double seconds, java.util.List<Double> rates, boolean steady) {}

  /**
   * Runs the closed loop in windows of {@code window} until the mean rate of the last {@link
   * #STEADY_GROUP} windows is within {@code tolerance} of the mean of the {@link #STEADY_GROUP}
   * before them, after at least {@code minimum}, or until {@code limit}. A cold API on two cores
   * climbs for two minutes and more (JIT compilers share the cores with the load), slowly and
   * noisily enough that neighbouring windows agree while it is still at a third of its rate
   * (docs/benchmarks.md): so groups of windows are compared, not single ones.
   */
  public static Warmup warmUntilSteady(
      Clients clients,
      Duration window,
      Duration minimum,
      Duration limit,
      double tolerance,
      Operation op)
      throws InterruptedException {
    long start = System.nanoTime();
    java.util.List<Double> rates = new java.util.ArrayList<>();
    while (true) {
      Outcome o = closedLoop(clients, Duration.ZERO, window, op, new Latencies());
      rates.add(o.perSecond());
      double seconds = (System.nanoTime() - start) / 1e9;
      if (seconds >= minimum.toSeconds() && steady(rates, tolerance)) {
        return new Warmup(rates.size(), seconds, java.util.List.copyOf(rates), true);
      }
      if (seconds >= limit.toSeconds()) {
        return new Warmup(rates.size(), seconds, java.util.List.copyOf(rates), false);
      }
    }
  }

  static final int STEADY_GROUP = 4;

  /**
   * The mean of the last {@link #STEADY_GROUP} rates is within {@code tolerance} of the group
   * before.
   */
  static boolean steady(java.util.List<Double> rates, double tolerance) {
    int n = rates.size();
    if (n < 2 * STEADY_GROUP) {
      return false;
    }
    double last = mean(rates.subList(n - STEADY_GROUP, n));
    double before = mean(rates.subList(n - 2 * STEADY_GROUP, n - STEADY_GROUP));
    return before > 0 && Math.abs(last - before) <= tolerance * before;
  }

  private static double mean(java.util.List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /**
   * Offers operations at the schedule's fixed rate on up to {@code threads} threads. Each thread
   * takes the next operation in order, waits for its due time and runs it itself: no pacing thread
   * hands operations over, which cost the bench a second thread wake-up per operation on the cores
   * it shares with what it measures (docs/benchmarks.md, "An open loop without a hand-off"). When
   * every thread is busy, the next operation waits for one and starts late; the caller measures
   * from the due time it is given. Nothing is offered after {@code limit}, and an operation not
   * started a minute after that is dropped and counted as failed, so an overloaded system cannot
   * keep the loop going. The outcome's seconds run from the start to the last completion.
   */
  public static Outcome openLoop(
      OpenLoopSchedule schedule, int threads, Duration limit, Operation op)
      throws InterruptedException {
    ThreadPoolExecutor pool =
        (ThreadPoolExecutor) Executors.newFixedThreadPool(threads, daemon("bench-offer"));
    OpenLoop loop = new OpenLoop(schedule, limit, op);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            ready.countDown();
            try {
              go.await();
            } catch (InterruptedException e) {
              return;
            }
            loop.offer();
          });
    }
    // Every thread is waiting before the clock starts: the first operations wait for no start-up.
    try {
      ready.await();
    } catch (InterruptedException e) {
      pool.shutdownNow();
      throw e;
    }
    loop.start();
    go.countDown();
    finish(pool, limit.plusSeconds(60));
    return loop.outcome();
  }

  /** The state an open loop's threads share: the next operation, the clock and the counts. */
  private static final class OpenLoop {
    private final OpenLoopSchedule schedule;
    private final Duration limit;
    private final Operation op;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastEnd = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile long start;
    private volatile long stopOffering;
    private volatile long giveUp;

    OpenLoop(OpenLoopSchedule schedule, Duration limit, Operation op) {
      this.schedule = schedule;
      this.limit = limit;
      this.op = op;
    }

    void start() {
      start = System.nanoTime();
      stopOffering = start + limit.toNanos();
      giveUp = stopOffering + Duration.ofMinutes(1).toNanos();
      lastEnd.set(start);
    }

    /** Runs operations on the calling thread until none is left to offer. */
    void offer() {
      int i;
      while (!Thread.currentThread().isInterrupted()
          && (i = next.getAndIncrement()) < schedule.count()) {
        long due = start + schedule.dueOffsetNanos(i);
        if (due > stopOffering || !awaitDue(due)) {
          return;
        }
        if (System.nanoTime() > giveUp) {
          failed.incrementAndGet();
          lastError.set("not started within a minute of the end of the offered load");
          continue;
        }
        try {
          op.run(i, due);
          ok.incrementAndGet();
        } catch (Exception e) {
          failed.incrementAndGet();
          lastError.set(e.toString());
        }
        lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
      }
    }

    /** False when the thread was interrupted (the loop is being stopped) before {@code due}. */
    private static boolean awaitDue(long due) {
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
        if (Thread.currentThread().isInterrupted()) {
          return false;
        }
      }
      return true;
    }

    Outcome outcome() {
      return new Outcome(ok.get(), failed.get(), (lastEnd.get() - start) / 1e9, lastError.get());
    }
  }

  private static void finish(ExecutorService pool, Duration grace) throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
