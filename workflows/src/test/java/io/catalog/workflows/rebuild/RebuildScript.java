package io.catalog.workflows.rebuild;

import static org.awaitility.Awaitility.await;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scripted rebuild activities without I/O: a database of 2,500 rows loaded in three chunks, a topic
 * of three partitions, a catch-up of 6 events and a final one of 3. Records every call by name
 * ({@code copyEvents} calls by phase, e.g. {@code copyEvents:catch-up}); can fail a call, hold one,
 * or keep one running until it is cancelled.
 */
class RebuildScript implements ProductSearchRebuildActivities {
  static final String PREVIOUS = "product_search_v1_20260101_000000";
  static final Map<Integer, Long> BEGINNING = Map.of(0, 0L, 1, 0L, 2, 0L);
  static final Map<Integer, Long> HALF = Map.of(0, 5L, 1, 5L, 2, 5L);
  static final Map<Integer, Long> RECORDED_END = Map.of(0, 10L, 1, 10L, 2, 10L);
  static final Map<Integer, Long> CATCH_UP_END = Map.of(0, 12L, 1, 12L, 2, 12L);
  static final Map<Integer, Long> FINAL_END = Map.of(0, 13L, 1, 13L, 2, 13L);
  static final long CAUGHT_UP_AT = 1_700_000_000_000_000L;

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<Object> requests = new CopyOnWriteArrayList<>();
  final CountDownLatch running = new CountDownLatch(1);
  volatile String failAt;
  volatile String failAlso;

  /** Fails this call retryably (an outage) on its first {@link #outageAttempts} attempts. */
  volatile String outageAt;

  volatile int outageAttempts;
  volatile String runUntilCancelledAt;
  volatile CountDownLatch holdFirstLoad;
  volatile ValidationReport report = okReport();

  static ValidationReport okReport() {
    return new ValidationReport(2500, 2400, 2500, 2400, 2400, 0, 0, 0, 0, 0, 100, 0, List.of());
  }

  private void call(String name, Object request) {
    calls.add(name);
    requests.add(request);
    if (name.equals(failAt) || name.equals(failAlso)) {
      throw ApplicationFailure.newNonRetryableFailure("injected failure at " + name, "Injected");
    }
    if (name.equals(outageAt)
        && Activity.getExecutionContext().getInfo().getAttempt() <= outageAttempts) {
      throw ApplicationFailure.newFailure("injected outage at " + name, "Outage");
    }
    if (name.equals(runUntilCancelledAt)) {
      running.countDown();
      heartbeatUntilCancelled();
    }
  }

  /** Like a long load chunk: heartbeats until the server says it is cancelled, then stops. */
  private static void heartbeatUntilCancelled() {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    AtomicReference<ActivityCompletionException> stop = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              try {
                ctx.heartbeat(null);
                return false;
              } catch (ActivityCompletionException e) {
                stop.set(e);
                return true;
              }
            });
    throw stop.get();
  }

  @Override
  public RebuildPlan inspect(int mappingVersion) {
    call("inspect", mappingVersion);
    return new RebuildPlan(
        "product_search",
        "product_search_v",
        PREVIOUS,
        List.of("product_search_v1_20250101_000000", PREVIOUS),
        mappingVersion == 0 ? 1 : mappingVersion,
        2500,
        2400);
  }

  @Override
  public String createIndex(String index, int mappingVersion, long createdAtMillis) {
    call("createIndex", index);
    return index;
  }

  @Override
  public boolean deleteIndex(String index) {
    call("deleteIndex", index);
    return true;
  }

  @Override
  public OffsetsSnapshot recordEndOffsets() {
    call("recordEndOffsets", null);
    return new OffsetsSnapshot(BEGINNING, RECORDED_END, CAUGHT_UP_AT - 1_000_000);
  }

  @Override
  public DatabaseLoadResult loadFromDatabase(DatabaseLoadRequest request) {
    call("loadFromDatabase", request);
    CountDownLatch hold = holdFirstLoad;
    if (hold != null && request.afterId() == null) {
      try {
        hold.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (request.afterId() == null) {
      return new DatabaseLoadResult("id-1000", false, 1000, 1000, 0, 0, 1, 0);
    }
    if (request.afterId().equals("id-1000")) {
      return new DatabaseLoadResult("id-2000", false, 1000, 990, 10, 0, 1, 0);
    }
    return new DatabaseLoadResult("id-2500", true, 500, 500, 0, 0, 1, 0);
  }

  @Override
  public EventCopyResult copyEvents(EventCopyRequest request) {
    String phase = request.requestId().split("/")[2];
    call("copyEvents:" + phase, request);
    if (phase.equals("load")) {
      boolean first = request.from().equals(BEGINNING);
      return new EventCopyResult(
          first ? HALF : RECORDED_END, RECORDED_END, !first, 15, 15, 0, 0, 1, 0, 0);
    }
    if (request.from().equals(RECORDED_END)) {
      return new EventCopyResult(CATCH_UP_END, CATCH_UP_END, true, 6, 6, 0, 0, 1, 0, CAUGHT_UP_AT);
    }
    return new EventCopyResult(FINAL_END, FINAL_END, true, 3, 3, 0, 0, 1, 0, CAUGHT_UP_AT + 9);
  }

  @Override
  public ValidationReport validate(ValidationRequest request) {
    call("validate", request);
    return report;
  }

  @Override
  public void restoreSettings(String index) {
    call("restoreSettings", index);
  }

  @Override
  public void switchAlias(String index) {
    call("switchAlias", index);
  }

  @Override
  public void restoreAlias(String previousIndex, String newIndex) {
    call("restoreAlias", List.of(String.valueOf(previousIndex), newIndex));
  }

  @Override
  public List<String> deleteOldIndices(int keepPrevious) {
    call("deleteOldIndices", keepPrevious);
    return List.of("product_search_v1_20250101_000000");
  }

  @Override
  public void reportCompensationFailure(String rebuild, String error) {
    call("reportCompensationFailure", error);
  }

  /** The first request recorded for {@code name}. */
  <T> T request(String name, Class<T> type) {
    return type.cast(requests.get(calls.indexOf(name)));
  }
}
