package io.catalog.workflows.replay;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Behaves like the real replay activities towards the workflow, over a topic that exists only in
 * memory: {@code plan} resolves {@code from} against fixed start and end offsets, {@code
 * applyBatch} advances every unfinished partition by one batch. While {@link #hold} is set an apply
 * call heartbeats without progressing until it is released or cancelled (a pause), and then reports
 * the positions it was given, as the real one reports what it applied.
 */
final class SimulatedTopic implements ReplayActivities {
  static final String TOPIC = "product.events";

  final SortedMap<Integer, Long> end = new TreeMap<>();
  final List<String> plans = new CopyOnWriteArrayList<>();
  final List<ReplayBatchRequest> requests = new CopyOnWriteArrayList<>();
  final List<ReplayBatchResult> results = new CopyOnWriteArrayList<>();
  volatile boolean hold;

  /** Calls after this many hold as if {@link #hold} were set. */
  volatile int holdAfter = Integer.MAX_VALUE;

  volatile int cancellations;

  /** The next this many apply calls fail, as an activity does while Elasticsearch is down. */
  volatile int failures;

  SimulatedTopic(long... endOffsets) {
    for (int p = 0; p < endOffsets.length; p++) {
      end.put(p, endOffsets[p]);
    }
  }

  long total() {
    return end.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public ReplayPlan plan(String from) {
    plans.add(from);
    ReplayFrom start = ReplayFrom.parse(from);
    SortedMap<Integer, Long> begin = new TreeMap<>();
    end.forEach(
        (p, e) ->
            begin.put(
                p,
                start.kind() == ReplayFrom.Kind.OFFSETS
                    ? Math.min(e, start.offsets().getOrDefault(p, e))
                    : 0L));
    return new ReplayPlan(TOPIC, start.toString(), begin, end);
  }

  @Override
  public ReplayBatchResult applyBatch(ReplayBatchRequest request) {
    requests.add(request);
    if (failures > 0) {
      failures--;
      throw new IllegalStateException("Elasticsearch unavailable (simulated)");
    }
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    int call = requests.size();
    while (hold || call > holdAfter) {
      try {
        ctx.heartbeat(null);
        Thread.sleep(10);
      } catch (ActivityCanceledException e) {
        cancellations++;
        return record(new ReplayBatchResult(request.positions(), 0, 0, 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    SortedMap<Integer, Long> next = new TreeMap<>(request.positions());
    long applied = 0;
    for (var e : request.end().entrySet()) {
      long at = next.getOrDefault(e.getKey(), e.getValue());
      long to = Math.min(e.getValue(), at + request.batchSize());
      applied += to - at;
      next.put(e.getKey(), to);
    }
    return record(new ReplayBatchResult(next, applied, 0, 10));
  }

  private ReplayBatchResult record(ReplayBatchResult r) {
    results.add(r);
    return r;
  }
}
