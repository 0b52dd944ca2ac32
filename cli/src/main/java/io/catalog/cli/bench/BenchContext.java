package io.catalog.cli.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.db.Database;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.temporal.TemporalConnection;
import io.catalog.search.SearchClients;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;

/**
 * Connections and names shared by the workloads of one bench run. Everything the bench creates is
 * named {@code bench-<run>-…} after the platform's name prefix (topics, indices, groups, task
 * queues), or {@code bench_<run>_…} (databases), or belongs to one of the run's two seller ids
 * (products), so {@link BenchCleanup} can find and remove exactly that.
 */
public final class BenchContext implements AutoCloseable {
  final BenchTargets targets;
  final BenchPlan plan;
  final String runId;

  /** The names the running platform uses (its topics, alias, consumer group, workflows). */
  final PlatformNames platformNames;

  /**
   * The platform's prefix and {@code bench-<run>-}: every topic, index and group the bench creates
   * starts with it.
   */
  final PlatformNames benchNames;

  /** Seller of the products created through the API (W1, W5): they travel the platform's topic. */
  final UUID apiSeller;

  /**
   * Seller of the products written around the API (W1 raw, W2): their events go to bench topics.
   */
  final UUID rawSeller;

  final Jdbi jdbi;
  final Elastic elastic;
  final ElasticsearchClient elasticsearch;
  final Admin kafka;

  /** W4's database and rebuilt index, which W6 reconciles; null until W4 (or W6) made them. */
  W4Rebuild.Rebuilt rebuilt;

  /** How W7 starts its workers processes; null when the runner was given none (W7 then fails). */
  WorkersLauncher workersLauncher;

  /** W7's folder for its processes' logs and pid files: {@code .platform/bench/bench-<run>/}. */
  Path workersRunDir;

  private TemporalConnection temporal;
  private PublisherControl publishers;

  /** W7's workers processes still running; the cleanup stops them, also on Ctrl-C. */
  private final List<BenchWorkers> workers = new ArrayList<>();

  private boolean workersStopped;

  /** {@code --profile}: samples the servers during measured phases; off unless asked for. */
  Profiler profiler = Profiler.off();

  /** A new run, with a random id. */
  public BenchContext(BenchTargets targets, BenchPlan plan) {
    this(targets, plan, newRunId());
  }

  /** Run {@code runId}: a new one, or an earlier one whose leftovers are to be removed. */
  BenchContext(BenchTargets targets, BenchPlan plan, String runId) {
    this.targets = targets;
    this.plan = plan;
    this.runId = runId;
    this.apiSeller = BenchRuns.seller(runId, "api");
    this.rawSeller = BenchRuns.seller(runId, "raw");
    this.platformNames = PlatformNames.withPrefix(targets.endpoints().namePrefix());
    this.benchNames = PlatformNames.withPrefix(platformNames.prefix() + "bench-" + runId + "-");
    this.jdbi =
        Database.configure(
            Jdbi.create(
                targets.endpoints().dbUrl(),
                targets.endpoints().dbUser(),
                targets.endpoints().dbPassword()));
    this.elastic = new Elastic(targets.endpoints().elasticsearchBase());
    this.elasticsearch = SearchClients.create(targets.endpoints().elasticsearchBase());
    this.kafka =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                targets.endpoints().kafkaBootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                benchNames.prefix() + "admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000));
  }

  private static String newRunId() {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** Names for one workload's own topics, index alias, group and task queue. */
  PlatformNames names(String workload) {
    return PlatformNames.withPrefix(benchNames.prefix() + workload + "-");
  }

  /** Creates the topics of {@code names} the way the platform does (compacted, 3 partitions). */
  void provisionTopics(PlatformNames names) {
    try (TopicProvisioner topics = TopicProvisioner.connect(targets.endpoints().kafkaBootstrap())) {
      topics.provision(TopicSpec.platformTopics(names, 3));
    }
  }

  synchronized WorkflowClient temporal() {
    if (temporal == null) {
      temporal = TemporalConnection.open(targets.endpoints());
    }
    return temporal.client();
  }

  synchronized ScheduleClient schedules() {
    temporal();
    return temporal.schedules();
  }

  synchronized PublisherControl publishers() {
    if (publishers == null) {
      publishers = new PublisherControl(temporal(), platformNames, runId);
    }
    return publishers;
  }

  long pendingOutboxRows() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM outbox_events WHERE status = 'PENDING'")
                .mapTo(Long.class)
                .one());
  }

  /** How far the platform's projection consumer group is behind the platform's event topic. */
  long platformProjectionLag() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        kafka
            .listConsumerGroupOffsets(platformNames.projectionGroup())
            .partitionsToOffsetAndMetadata()
            .get(15, TimeUnit.SECONDS);
    long lag = 0;
    for (var e : endOffsets(partitions(platformNames.productEvents())).entrySet()) {
      OffsetAndMetadata done = committed.get(e.getKey());
      lag += e.getValue() - (done == null ? 0 : done.offset());
    }
    return lag;
  }

  /** Every partition of {@code topic}. */
  List<TopicPartition> partitions(String topic) throws Exception {
    return kafka
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(15, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  /** Where each of {@code partitions} ends now (the offset its next record will get). */
  Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    kafka
        .listOffsets(latest)
        .all()
        .get(15, TimeUnit.SECONDS)
        .forEach((p, info) -> ends.put(p, info.offset()));
    return ends;
  }

  /**
   * Waits until the platform has published every pending outbox row and projected every event, and
   * Elasticsearch has no merge running, so that one workload's backlog does not slow the next one
   * down (W4 leaves two million-document indices merging, which took W5 at 500/s from 310 to 669 ms
   * p50 when it ran right after, docs/benchmarks.md).
   *
   * @throws IllegalStateException when that did not happen within {@code timeout}: a workload
   *     measured on a platform still busy with an earlier backlog would report that backlog, so it
   *     fails instead (the report names the backlog)
   */
  void awaitQuiet(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pending;
    long lag;
    long merges;
    do {
      pending = pendingOutboxRows();
      lag = platformProjectionLag();
      merges = elastic.merging();
      if (pending == 0 && lag == 0 && merges == 0) {
        return;
      }
      Thread.sleep(200); // polling the database and the broker; there is no event to wait on
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException(
        "the platform did not go quiet within "
            + timeout
            + " ("
            + pending
            + " outbox rows pending, projection lag "
            + lag
            + ", Elasticsearch merges running "
            + merges
            + "): not measured on a busy platform");
  }

  /**
   * Takes charge of W7's processes before they start, so that {@link #stopBenchWorkers()} stops
   * them whatever happens to the workload.
   *
   * @throws IllegalStateException once the cleanup has begun: a process started then would be left
   *     running
   */
  synchronized void adopt(BenchWorkers started) {
    if (workersStopped) {
      throw new IllegalStateException("the bench is cleaning up: no more workers processes");
    }
    workers.add(started);
  }

  /** W7 stopped them itself. */
  synchronized void release(BenchWorkers stopped) {
    workers.remove(stopped);
  }

  /** Stops W7's processes still running (the cleanup's first step); none start after it. */
  void stopBenchWorkers() {
    List<BenchWorkers> running;
    synchronized (this) {
      workersStopped = true;
      running = List.copyOf(workers);
    }
    running.forEach(BenchWorkers::close);
  }

  /**
   * Resumes the publisher workflows this run paused, if any (idempotent).
   *
   * @return the ones left paused because somebody paused them again during the run, a line each
   */
  synchronized List<String> resumePublishers() {
    if (publishers == null) {
      return List.of();
    }
    publishers.resumeAll();
    return publishers.leftPaused();
  }

  @Override
  public void close() {
    resumePublishers();
    try {
      elasticsearch.close();
    } catch (IOException e) {
      // Closing a client of a finished run: nothing to do about it.
    }
    kafka.close(Duration.ofSeconds(5));
    if (temporal != null) {
      temporal.close();
    }
  }
}
