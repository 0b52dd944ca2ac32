package io.catalog.workers.replay;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.workers.kafka.BatchHandler;
import io.catalog.workers.kafka.Consumers;
import io.catalog.workers.projection.ProductProjectionHandler;
import io.catalog.workflows.replay.ReplayActivities;
import io.catalog.workflows.replay.ReplayBatchRequest;
import io.catalog.workflows.replay.ReplayBatchResult;
import io.catalog.workflows.replay.ReplayFrom;
import io.catalog.workflows.replay.ReplayPlan;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * retried with back-off until {@link ReplayWriters#TRANSIENT_LIMIT}, then the activity fails and
 * Temporal retries it from the positions of its last heartbeat. The partitions of a poll are
 * written side by side, one {@code _bulk} stream each, on threads of the activity's own: when it
 * ends (done, cancelled or failed) they are stopped and awaited, so no thread is left behind and
 * Temporal's retry never writes a partition while a writer of the failed attempt still does.
 * Planning is {@link ReplayPlanner}'s, writing {@link ReplayWriters}'.
 */
public final class ReplayActivitiesImpl implements ReplayActivities {
  private static final Logger log = LoggerFactory.getLogger(ReplayActivitiesImpl.class);
  static final Duration POLL = Duration.ofMillis(500);

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
    ReplayFrom start = ReplayPlanner.parse(from);
    try (Consumer<byte[], byte[]> consumer = consumers.apply(clientId("plan"), 1)) {
      return new ReplayPlanner(consumer, names.productEvents()).plan(start);
    }
  }

  @Override
  public ReplayBatchResult applyBatch(ReplayBatchRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long begin = System.nanoTime();
    BatchProgress progress =
        ctx.getHeartbeatDetails(ReplayBatchResult.class)
            .map(BatchProgress::resumed)
            .orElseGet(() -> new BatchProgress(new TreeMap<>(request.positions()), 0, 0, 0));
    Timings timings = new Timings();
    // The activity's own writers: stopped and awaited when it ends, however it ends, so no thread
    // outlives it and a retry never writes a partition while an earlier attempt still does.
    try (ReplayWriters writers = new ReplayWriters(handler, progress, ctx);
        MDC.MDCCloseable ignored = MDC.putCloseable("workflow_id", ctx.getInfo().getWorkflowId());
        Consumer<byte[], byte[]> consumer =
            consumers.apply(
                clientId(ctx.getInfo().getWorkflowId()),
                request.batchSize() * Math.max(1, request.end().size()))) {
      List<TopicPartition> open = openPartitions(request, progress);
      consumer.assign(open);
      open.forEach(tp -> consumer.seek(tp, progress.positions.get(tp.partition())));
      long deadline = begin + Duration.ofSeconds(request.maxSeconds()).toNanos();
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        pollAndApply(consumer, request, writers, timings);
        advance(consumer, request, progress, open);
        if (!progress.heartbeat(ctx, begin)) {
          break; // cancelled (a pause) or the worker is stopping: report what was applied
        }
      }
    }
    ReplayBatchResult result = progress.result(begin);
    log.info(
        "replay batch up to {}: {} ms, of which {} ms polling and {} ms applying",
        result.positions(),
        (System.nanoTime() - begin) / 1_000_000,
        timings.pollNanos / 1_000_000,
        timings.applyNanos / 1_000_000);
    return result;
  }

  /** The partitions of the request whose position is still before their end. */
  private static List<TopicPartition> openPartitions(
      ReplayBatchRequest request, BatchProgress progress) {
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
    return open;
  }

  /** Time a batch spent polling and applying, for its log line. */
  private static final class Timings {
    long pollNanos;
    long applyNanos;
  }

  /** Polls once and applies the records before their partition's end. */
  private static void pollAndApply(
      Consumer<byte[], byte[]> consumer,
      ReplayBatchRequest request,
      ReplayWriters writers,
      Timings timings) {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    long polling = System.nanoTime();
    var polled = consumer.poll(POLL);
    timings.pollNanos += System.nanoTime() - polling;
    for (ConsumerRecord<byte[], byte[]> r : polled) {
      if (r.offset() < request.end().get(r.partition())) {
        batch.add(r);
      }
    }
    if (!batch.isEmpty()) {
      long applying = System.nanoTime();
      writers.applyByPartition(batch, request.batchSize());
      timings.applyNanos += System.nanoTime() - applying;
    }
  }

  /** Records the consumer's positions and stops reading the partitions that reached their end. */
  private static void advance(
      Consumer<byte[], byte[]> consumer,
      ReplayBatchRequest request,
      BatchProgress progress,
      List<TopicPartition> open) {
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
}
