package io.catalog.workflows.outbox;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Behaves like the real publish activity towards the workflow: it blocks (heartbeating) until the
 * test hands it a summary to return, or until it is cancelled, in which case it returns {@link
 * #onCancel}.
 */
final class ScriptedPublishActivity {
  final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
  final List<PublishRequest> requests = new CopyOnWriteArrayList<>();
  volatile PublishSummary onCancel = summary(0);
  volatile int cancellations;

  /**
   * Calls in progress: more than one while a successor has started before its predecessor ended.
   */
  final AtomicInteger running = new AtomicInteger();

  /** For each call, the calls in progress when it started (itself included). */
  final List<Integer> runningAtStart = new CopyOnWriteArrayList<>();

  /** Whether a call with nothing scripted returns on its own after its {@code maxSeconds}. */
  volatile boolean endsOnItsOwn;

  static PublishSummary summary(long published) {
    return new PublishSummary(published, 0, 0, 1, null, 3, 1.5, 0);
  }

  /** Next call returns this summary. */
  void returns(PublishSummary s) {
    outcomes.add(s);
  }

  /** Next call fails with this exception. */
  void fails(RuntimeException e) {
    outcomes.add(e);
  }

  PublishSummary publish(PublishRequest request) throws InterruptedException {
    runningAtStart.add(running.incrementAndGet());
    try {
      return await(request);
    } finally {
      running.decrementAndGet();
    }
  }

  private PublishSummary await(PublishRequest request) throws InterruptedException {
    requests.add(request);
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(request.maxSeconds());
    while (true) {
      if (endsOnItsOwn && System.nanoTime() > end) {
        return summary(0);
      }
      Object next = outcomes.poll(20, TimeUnit.MILLISECONDS);
      if (next instanceof PublishSummary s) {
        return s;
      }
      if (next instanceof RuntimeException e) {
        throw e;
      }
      try {
        ctx.heartbeat(null);
      } catch (ActivityCanceledException e) {
        cancellations++;
        return onCancel;
      }
    }
  }
}
