package io.catalog.workers.replay;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.workers.kafka.BatchHandler;
import io.catalog.workers.kafka.Consumers;
import io.catalog.workers.kafka.Decision;
import io.catalog.workers.projection.ProductProjectionHandler;
import io.catalog.workflows.replay.ReplayActivities;
import io.catalog.workflows.replay.ReplayBatchRequest;
import io.catalog.workflows.replay.ReplayBatchResult;
import io.catalog.workflows.replay.ReplayFrom;
import io.catalog.workflows.replay.ReplayPlan;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads {@code product.events} with a consumer of its own (no group) and applies it with {@link
 * ProductProjectionHandler}, the live consumer's handler, writing through the alias with external
 * versions. Records the handler calls poison are skipped and counted (the live consumer has
 * dead-lettered them, or will); records it calls transient (Elasticsearch overloaded or down) are
 * retried with back-off until {@link #TRANSIENT_LIMIT}, then the activity fails and Temporal
 * retries it from the positions of its last heartbeat. The partitions of a poll are written side by
 * side, one {@code _bulk} stream each, on threads of the activity's own: when it ends (done,
 * cancelled or failed) they are stopped and awaited, so no thread is left behind and Temporal's
 * retry never writes a partition while a writer of the failed attempt still does.
 */
public final class ReplayActivitiesImpl implements ReplayActivities {
  private static final Logger log = LoggerFactory.getLogger(ReplayActivitiesImpl.class);
  static final Duration POLL = Duration.ofMillis(500);
  static final Duration TRANSIENT_LIMIT = Duration.ofMinutes(2);
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

  /** Concurrent {@code _bulk} requests of one activity (one per partition). */
  static final int STREAMS = 3;

  /**
   * How long an ending activity waits for its writers after interrupting them; a bulk request that
   * ignores the interrupt is bounded by the Elasticsearch client's own timeouts.
   */
  static final Duration WRITERS_STOP = Duration.ofMinutes(1);

  private final PlatformNames names;
  private final BatchHandler handler;
  private final BiFunction<String, Integer, Consumer<byte[], byte[]>> consumers;

  public ReplayActivitiesImpl(
      ElasticsearchClient elasticsearch, String kafkaBootstrap, PlatformNames names) {
    this(
        new ProductProjectionHandler(new ProjectionWriter(elasticsearch, names)::write),
        (clientId, maxPollRecords) -> consumer(kafkaBootstrap, clientId, maxPollRecords),
        names);
  }

  /** With the handler and the consumers given, for tests without Elasticsearch and Kafka. */
  ReplayActivitiesImpl(
      BatchHandler handler,
      BiFunction<String, Integer, Consumer<byte[], byte[]>> consumers,
      PlatformNames names) {
    this.handler = handler;
    this.consumers = consumers;
    this.names = names;
  }

  @Override
  public ReplayPlan plan(String from) {
    ReplayFrom start;
    try {
      start = ReplayFrom.parse(from);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
    }
    String topic = names.productEvents();
    try (Consumer<byte[], byte[]> consumer = consumers.apply(clientId("plan"), 1)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "topic " + topic + " does not exist", "InvalidInput");
      }
      List<TopicPartition> partitions =
          infos.stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .sorted((a, b) -> a.partition() - b.partition())
              .toList();
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, KAFKA_TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
      SortedMap<Integer, Long> startAt = new TreeMap<>();
      SortedMap<Integer, Long> endAt = new TreeMap<>();
      Map<TopicPartition, OffsetAndTimestamp> byTime = Map.of();
      if (start.kind() == ReplayFrom.Kind.TIME) {
        Map<TopicPartition, Long> query = new java.util.HashMap<>();
        partitions.forEach(tp -> query.put(tp, start.time().toEpochMilli()));
        byTime = consumer.offsetsForTimes(query, KAFKA_TIMEOUT);
      }
      if (start.kind() == ReplayFrom.Kind.OFFSETS) {
        Set<Integer> known = new HashSet<>();
        partitions.forEach(tp -> known.add(tp.partition()));
        for (int p : start.offsets().keySet()) {
          if (!known.contains(p)) {
            throw ApplicationFailure.newNonRetryableFailure(
                "partition "
                    + p
                    + " does not exist: "
                    + topic
                    + " has partitions 0.."
                    + (partitions.size() - 1),
                "InvalidInput");
          }
        }
      }
      for (TopicPartition tp : partitions) {
        long first = begin.get(tp);
        long last = end.get(tp);
        long at =
            switch (start.kind()) {
              case EARLIEST -> first;
              case TIME -> byTime.get(tp) == null ? last : byTime.get(tp).offset();
              case OFFSETS -> start.offsets().getOrDefault(tp.partition(), last);
            };
        startAt.put(tp.partition(), Math.max(first, Math.min(last, at)));
        endAt.put(tp.partition(), last);
      }
      ReplayPlan plan = new ReplayPlan(topic, start.toString(), startAt, endAt);
      log.info(
          "replay plan for {} from {}: start {} end {} ({} offsets)",
          topic,
          start,
          startAt,
          endAt,
          plan.total());
      return plan;
    }
  }

  @Override
  public ReplayBatchResult applyBatch(ReplayBatchRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long begin = System.nanoTime();
    long pollNanos = 0;
    long applyNanos = 0;
    Progress progress =
        ctx.getHeartbeatDetails(ReplayBatchResult.class)
            .map(Progress::resumed)
            .orElseGet(() -> new Progress(new TreeMap<>(request.positions()), 0, 0, 0));
    // The activity's own writers: stopped and awaited when it ends, however it ends, so no thread
    // outlives it and a retry never writes a partition while an earlier attempt still does.
    ExecutorService streams = streams();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("workflow_id", ctx.getInfo().getWorkflowId());
        Consumer<byte[], byte[]> consumer =
            consumers.apply(
                clientId(ctx.getInfo().getWorkflowId()),
                request.batchSize() * Math.max(1, request.end().size()))) {
      List<TopicPartition> open = new ArrayList<>();
      request
          .end()
          .forEach(
              (p, end) -> {
                long at = progress.positions.getOrDefault(p, end);
                if (at < end) {
                  open.add(new TopicPartition(request.topic(), p));
                }
              });
      consumer.assign(open);
      open.forEach(tp -> consumer.seek(tp, progress.positions.get(tp.partition())));
      long deadline = begin + Duration.ofSeconds(request.maxSeconds()).toNanos();
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        long polling = System.nanoTime();
        var polled = consumer.poll(POLL);
        pollNanos += System.nanoTime() - polling;
        for (ConsumerRecord<byte[], byte[]> r : polled) {
          if (r.offset() < request.end().get(r.partition())) {
            batch.add(r);
          }
        }
        if (!batch.isEmpty()) {
          long applying = System.nanoTime();
          applyByPartition(streams, batch, request.batchSize(), progress, ctx);
          applyNanos += System.nanoTime() - applying;
        }
        List<TopicPartition> done = new ArrayList<>();
        for (TopicPartition tp : open) {
          long end = request.end().get(tp.partition());
          long at = Math.min(end, consumer.position(tp));
          progress.positions.put(tp.partition(), at);
          if (at >= end) {
            done.add(tp);
          }
        }
        if (!done.isEmpty()) {
          open.removeAll(done);
          consumer.assign(open);
        }
        if (!progress.heartbeat(ctx, begin)) {
          break; // cancelled (a pause) or the worker is stopping: report what was applied
        }
      }
    } finally {
      stop(streams);
    }
    ReplayBatchResult result = progress.result(begin);
    log.info(
        "replay batch up to {}: {} ms, of which {} ms polling and {} ms applying",
        result.positions(),
        (System.nanoTime() - begin) / 1_000_000,
        pollNanos / 1_000_000,
        applyNanos / 1_000_000);
    return result;
  }

  /**
   * The poll's records per partition, in {@code _bulk} requests of at most {@code batchSize}, the
   * partitions side by side ({@link #STREAMS} at a time): within a partition the order is kept;
   * across partitions it never mattered (external versions). The next poll waits for all of them.
   */
  private void applyByPartition(
      ExecutorService streams,
      List<ConsumerRecord<byte[], byte[]>> polled,
      int batchSize,
      Progress progress,
      ActivityExecutionContext ctx) {
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
    polled.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
    List<Future<?>> running = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> records : byPartition.values()) {
      running.add(
          streams.submit(
              () -> {
                for (int from = 0; from < records.size(); from += batchSize) {
                  apply(
                      records.subList(from, Math.min(records.size(), from + batchSize)),
                      progress,
                      ctx);
                }
              }));
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // The activity's end stops and awaits these before it reports the failure.
        running.forEach(other -> other.cancel(true));
        throw e.getCause() instanceof RuntimeException re
            ? re
            : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** Applies one batch through the live handler; retries transient records, skips poison. */
  private void apply(
      List<ConsumerRecord<byte[], byte[]>> batch, Progress progress, ActivityExecutionContext ctx) {
    List<ConsumerRecord<byte[], byte[]>> pending = batch;
    long giveUp = System.nanoTime() + TRANSIENT_LIMIT.toNanos();
    long backoff = 200;
    while (true) {
      Decision decision;
      try {
        decision = handler.handle(pending);
      } catch (RuntimeException e) {
        decision = new Decision(indices(pending.size()), Map.of());
      }
      for (var poison : decision.poison().entrySet()) {
        ConsumerRecord<byte[], byte[]> r = pending.get(poison.getKey());
        log.warn(
            "skipping poison record {}-{}@{}: {}",
            r.topic(),
            r.partition(),
            r.offset(),
            poison.getValue().message());
      }
      progress.add(
          pending.size() - decision.poison().size() - decision.retry().size(),
          decision.poison().size());
      if (decision.retry().isEmpty()) {
        return;
      }
      List<ConsumerRecord<byte[], byte[]>> retry = new ArrayList<>();
      for (int i : decision.retry()) {
        retry.add(pending.get(i));
      }
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException(
            retry.size()
                + " records could not be applied for "
                + TRANSIENT_LIMIT.toMinutes()
                + " minutes (Elasticsearch unavailable?)");
      }
      sleep(backoff);
      backoff = Math.min(backoff * 2, 5_000);
      // Keeps the activity alive through an outage; throws once it is cancelled.
      ctx.heartbeat(progress.result(System.nanoTime()));
      pending = retry;
    }
  }

  private static ExecutorService streams() {
    return Executors.newFixedThreadPool(
        STREAMS,
        r -> {
          Thread t = new Thread(r, "replay-bulk");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Interrupts the writers still running (after a failure of one of them) and waits until every one
   * has ended: only then may the activity end and Temporal start its retry.
   */
  private static void stop(ExecutorService streams) {
    streams.shutdownNow();
    boolean interrupted = false;
    long deadline = System.nanoTime() + WRITERS_STOP.toNanos();
    while (!streams.isTerminated() && System.nanoTime() < deadline) {
      try {
        streams.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true; // keep waiting; restored below
      }
    }
    if (!streams.isTerminated()) {
      log.error("replay writers still running {} after the activity ended", WRITERS_STOP);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A replay's consumer: without a group (assign and seek), so it never joins, commits or moves the
   * live {@code product-event-projection-group}'s offsets. Bytes, exactly as the live consumer
   * reads them: the same handler applies them. Reading must never create the topic.
   */
  private static Consumer<byte[], byte[]> consumer(
      String kafkaBootstrap, String clientId, int maxPollRecords) {
    return Consumers.groupless(
        kafkaBootstrap,
        clientId,
        maxPollRecords,
        ByteArrayDeserializer.class,
        Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false));
  }

  private String clientId(String purpose) {
    return names.prefix() + "replay-" + purpose.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static List<Integer> indices(int size) {
    List<Integer> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      all.add(i);
    }
    return all;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Positions and counts so far; what heartbeats carry. */
  private static final class Progress {
    final SortedMap<Integer, Long> positions;
    private long records;
    private long skipped;
    final long earlierMillis;

    Progress(SortedMap<Integer, Long> positions, long records, long skipped, long earlierMillis) {
      this.positions = positions;
      this.records = records;
      this.skipped = skipped;
      this.earlierMillis = earlierMillis;
    }

    static Progress resumed(ReplayBatchResult r) {
      log.info("resuming a replay batch from its last heartbeat: {}", r.positions());
      return new Progress(new TreeMap<>(r.positions()), r.records(), r.skipped(), r.tookMillis());
    }

    synchronized void add(long applied, long poison) {
      records += applied;
      skipped += poison;
    }

    synchronized ReplayBatchResult result(long beginNanos) {
      long took = earlierMillis + (System.nanoTime() - beginNanos) / 1_000_000;
      return new ReplayBatchResult(new TreeMap<>(positions), records, skipped, Math.max(1, took));
    }

    /** False once the server says the activity is cancelled or the worker shuts down. */
    boolean heartbeat(ActivityExecutionContext ctx, long beginNanos) {
      try {
        ctx.heartbeat(result(beginNanos));
        return true;
      } catch (ActivityCompletionException e) {
        log.info("replay batch stops early: {}", e.getClass().getSimpleName());
        return false;
      }
    }
  }
}
