package io.catalog.workers.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one consumer group member alive (docs/architecture.md, "Consumers"). It runs a {@link
 * ConsumerLoop} on its own thread and, when the loop ends by an exception (a commit that timed out
 * while the broker was away, a commit refused during a rebalance, a dead-letter send the producer
 * threw on), builds a new loop with a new consumer after a back-off. The new member resumes from
 * the group's committed offsets, so a batch that was not committed is delivered again and nothing
 * is skipped. {@link #status()} is what the workers' {@code /health} reports.
 */
public final class ConsumerSupervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsumerSupervisor.class);
  private static final Duration JOIN = Duration.ofSeconds(15);

  /**
   * Builds the loop of one attempt, with a new consumer; the loop must report to {@code listener}.
   */
  @FunctionalInterface
  public interface LoopFactory {
    ConsumerLoop create(ConsumerLoop.Listener listener) throws InterruptedException;
  }

  /**
   * One consumer's liveness.
   *
   * @param lastPollAge since the last poll that returned (null before the first)
   * @param lastError class of the exception that ended the last attempt (null when none did)
   */
  public record Status(
      String name, boolean running, Duration lastPollAge, long restarts, String lastError) {
    /** Null when healthy, otherwise a short reason for {@code /health}. */
    public String problem(Duration staleAfter) {
      if (!running) {
        return "not running";
      }
      if (lastPollAge == null || lastPollAge.compareTo(staleAfter) > 0) {
        return "no successful poll for more than " + staleAfter.toSeconds() + " s";
      }
      return null;
    }
  }

  private final String name;
  private final LoopFactory factory;
  private final ConsumerLoop.Listener listener;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicLong restarts = new AtomicLong();
  private volatile long lastPollNanos;
  private volatile boolean polledOnce;
  private volatile boolean running;
  private volatile String lastError;
  private ConsumerLoop current; // guarded by this

  public ConsumerSupervisor(
      String name,
      LoopFactory factory,
      ConsumerLoop.Listener listener,
      Duration minBackoff,
      Duration maxBackoff) {
    this.name = name;
    this.factory = factory;
    this.listener = listener;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.thread = new Thread(this::supervise, name + "-consumer");
  }

  public ConsumerSupervisor start() {
    thread.start();
    return this;
  }

  public Status status() {
    Duration age = polledOnce ? Duration.ofNanos(System.nanoTime() - lastPollNanos) : null;
    return new Status(name, running, age, restarts.get(), lastError);
  }

  private void supervise() {
    int failures = 0;
    while (!closed()) {
      long pollsBefore = lastPollNanos;
      try {
        ConsumerLoop loop = factory.create(new Reporting());
        // Closed while the loop was being built: run() with the loop stopped only closes its
        // consumer.
        running = attach(loop);
        loop.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        lastError = e.getClass().getName();
        if (!closed()) {
          log.error(
              "{}: consumer failed; it will be recreated from the committed offsets", name, e);
        }
      } finally {
        running = false;
        attach(null);
      }
      if (closed()) {
        return;
      }
      // A member that polled before failing was healthy for a while: start the back-off afresh.
      failures = lastPollNanos != pollsBefore ? 1 : failures + 1;
      restarts.incrementAndGet();
      Duration wait = backoff(failures);
      log.warn(
          "{}: restarting the consumer in {} ms (restart {})",
          name,
          wait.toMillis(),
          restarts.get());
      try {
        if (closing.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Makes {@code loop} the one {@link #close()} stops; false, with the loop stopped, when closed
   * already.
   */
  private synchronized boolean attach(ConsumerLoop loop) {
    current = loop;
    if (loop != null && closed()) {
      loop.close();
      return false;
    }
    return loop != null;
  }

  private boolean closed() {
    return closing.getCount() == 0;
  }

  private Duration backoff(int failures) {
    long millis = minBackoff.toMillis() << Math.min(Math.max(failures - 1, 0), 16);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }

  /**
   * Stops the loop after its current batch and waits for the thread; interrupts it if it lingers.
   */
  @Override
  public void close() throws InterruptedException {
    closing.countDown();
    synchronized (this) {
      if (current != null) {
        current.close();
      }
    }
    thread.join(JOIN.toMillis());
    if (thread.isAlive()) {
      log.warn("{}: consumer still busy after {} s; interrupting it", name, JOIN.toSeconds());
      thread.interrupt();
      thread.join(JOIN.toMillis());
    }
  }

  /** Forwards to the owner's listener and notes every poll that returned. */
  private final class Reporting implements ConsumerLoop.Listener {
    @Override
    public void polled() {
      lastPollNanos = System.nanoTime();
      polledOnce = true;
      listener.polled();
    }

    @Override
    public void applied(int records) {
      listener.applied(records);
    }

    @Override
    public void deadLettered(int records) {
      listener.deadLettered(records);
    }

    @Override
    public void lag(Map<TopicPartition, Long> lagByPartition) {
      listener.lag(lagByPartition);
    }

    @Override
    public void stopped() {
      listener.stopped();
    }
  }
}
