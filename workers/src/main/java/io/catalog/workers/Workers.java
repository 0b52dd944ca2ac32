package io.catalog.workers;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.db.Database;
import io.catalog.domain.diagnostics.HealthReasons;
import io.catalog.domain.dlq.DlqEntryDao;
import io.catalog.domain.metrics.MetricsExport;
import io.catalog.domain.outbox.OutboxAdmin;
import io.catalog.domain.outbox.OutboxStats;
import io.catalog.domain.product.ProductService;
import io.catalog.search.SearchClients;
import io.catalog.workers.commands.CommandService;
import io.catalog.workers.dlq.DeadLetterProducers;
import io.catalog.workers.dlq.DlqTriageSupervisor;
import io.catalog.workers.dlq.DlqWorkers;
import io.catalog.workers.kafka.ConsumerFactory;
import io.catalog.workers.kafka.ConsumerGauges;
import io.catalog.workers.kafka.ConsumerSupervisor;
import io.catalog.workers.kafka.ProducerGauges;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.outbox.CleanupSchedule;
import io.catalog.workers.outbox.OutboxActivitiesImpl;
import io.catalog.workers.outbox.OutboxCleanupActivitiesImpl;
import io.catalog.workers.outbox.OutboxMetrics;
import io.catalog.workers.outbox.OutboxProducers;
import io.catalog.workers.outbox.OutboxPublisher;
import io.catalog.workers.outbox.PublisherSupervisor;
import io.catalog.workers.projection.ProjectionService;
import io.catalog.workers.rebuild.RebuildWorkers;
import io.catalog.workers.reconcile.ReconcileMetrics;
import io.catalog.workers.reconcile.ReconcileSchedule;
import io.catalog.workers.reconcile.ReconcileWorkers;
import io.catalog.workers.replay.ReplayWorkers;
import io.catalog.workflows.outbox.OutboxCleanupWorkflowImpl;
import io.catalog.workflows.outbox.OutboxPublisherWorkflowImpl;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running worker process: migrated database, provisioned topics, one shared producer, the
 * Temporal worker on task queue {@code outbox}, the publisher workflows kept running, the cleanup
 * schedule, and /metrics + /health. {@link #close()} stops it in the reverse order, letting running
 * activities finish their batch first. {@link WorkersMain} runs one; tests run it in-process.
 */
public final class Workers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Workers.class);
  static final Duration BACKLOG_REFRESH = Duration.ofSeconds(5);
  static final Duration WORKFLOW_SAMPLE = Duration.ofSeconds(5);

  private final WorkersConfig config;
  private final Producer<String, String> producer;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final ScheduledExecutorService scheduler;
  private final ScheduledExecutorService workflowSampler;
  private final OutboxMetrics metrics;
  private final OpsHttpServer http;
  private final List<String> topicProblems;
  private volatile String backlogError = "not read yet";

  /** PARKED dead letters at the last refresh; -1 before the first or when it failed. */
  private volatile long dlqPending = -1;

  private final ElasticsearchClient elasticsearch;
  private final Producer<byte[], byte[]> deadLetterProducer;
  private final ProjectionService projection;
  private final CommandService commands;

  private Workers(
      WorkersConfig config, Jdbi jdbi, List<String> topicProblems, ConsumerFactory consumers) {
    this.config = config;
    this.topicProblems = topicProblems;
    MetricRegistry registry = new MetricRegistry();
    metrics = new OutboxMetrics(registry);
    producer = OutboxProducers.create(config.kafkaBootstrap(), clientId(config));
    OutboxPublisher publisher =
        new OutboxPublisher(
            producer,
            OutboxPublisher.Settings.withMaxAttempts(config.outboxMaxAttempts()),
            metrics);

    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(config.temporalTarget()).build());
    client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder().setNamespace(config.temporalNamespace()).build());
    factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            config.names().outboxTaskQueue(),
            WorkerOptions.newBuilder()
                // Heartbeats reach the server within a second, so a pause (activity cancellation)
                // takes effect within about a second.
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
                .build());
    worker.registerWorkflowImplementationTypes(
        OutboxPublisherWorkflowImpl.class, OutboxCleanupWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new OutboxActivitiesImpl(jdbi, publisher), new OutboxCleanupActivitiesImpl(jdbi));
    // projection-ops: rebuilds, replays and DLQ triage of the read model.
    elasticsearch = SearchClients.create(config.elasticsearchUrl());
    deadLetterProducer =
        DeadLetterProducers.create(config.kafkaBootstrap(), clientId(config) + "-dead-letters");
    Worker projectionOps =
        factory.newWorker(config.names().projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
    RebuildWorkers.register(
        projectionOps, jdbi, elasticsearch, config.kafkaBootstrap(), config.names(), registry);
    ReplayWorkers.register(projectionOps, elasticsearch, config.kafkaBootstrap(), config.names());
    DlqWorkers.register(
        projectionOps, jdbi, deadLetterProducer, config.kafkaBootstrap(), config.names());
    ReconcileMetrics reconcileMetrics = new ReconcileMetrics();
    ReconcileWorkers.register(projectionOps, jdbi, elasticsearch, config.names(), reconcileMetrics);
    factory.start();

    ScheduleClient schedules =
        ScheduleClient.newInstance(
            stubs,
            ScheduleClientOptions.newBuilder().setNamespace(config.temporalNamespace()).build());
    CleanupSchedule.ensure(schedules, config.names(), config.outboxRetention());
    ReconcileSchedule.ensure(schedules, config.names(), config.reconcileInterval());

    // Read side (product.events -> Elasticsearch) and write side (product.commands -> Postgres).
    projection =
        new ProjectionService(
                consumers,
                elasticsearch,
                deadLetterProducer,
                config.names(),
                ProjectionService.Settings.defaults(),
                registry)
            .start();
    commands =
        new CommandService(
                consumers,
                new ProductService(jdbi, config.names()),
                deadLetterProducer,
                config.names())
            .start();

    PublisherSupervisor supervisor =
        new PublisherSupervisor(
            client, config.names(), config.outboxShards(), config.outboxBatchSize());
    OutboxAdmin admin = new OutboxAdmin(jdbi);
    scheduler =
        Executors.newScheduledThreadPool(
            1,
            r -> {
              Thread t = new Thread(r, "workers-scheduler");
              t.setDaemon(true);
              return t;
            });
    DlqTriageSupervisor triage = new DlqTriageSupervisor(client, config.names());
    scheduler.scheduleWithFixedDelay(
        triage::ensureRunning, 0, config.superviseInterval().toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        supervisor::ensureRunning, 0, config.superviseInterval().toMillis(), TimeUnit.MILLISECONDS);
    DlqEntryDao deadLetters = new DlqEntryDao(jdbi);
    scheduler.scheduleWithFixedDelay(
        () -> refreshBacklog(admin, deadLetters),
        0,
        BACKLOG_REFRESH.toMillis(),
        TimeUnit.MILLISECONDS);
    // Its own thread: a query to a workflow whose worker is away must not hold up the backlog.
    workflowSampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "workflow-gauges");
              t.setDaemon(true);
              return t;
            });
    WorkflowGauges workflows = new WorkflowGauges(client, config.names(), config.outboxShards());
    workflowSampler.scheduleWithFixedDelay(
        workflows, 0, WORKFLOW_SAMPLE.toMillis(), TimeUnit.MILLISECONDS);

    MetricsExport export = MetricsExport.of(registry);
    ConsumerGauges.register(
        export.registry(), () -> List.of(projection.status(), commands.status()));
    ProducerGauges.register(
        export.registry(), Map.of("outbox", producer, "dead-letters", deadLetterProducer));
    workflows.register(export.registry());
    reconcileMetrics.register(export.registry());
    GaugeWithCallback.builder()
        .name("dlq_pending_entries")
        .help("Dead letters waiting for a decision (PARKED)")
        .callback(
            cb -> {
              long n = dlqPending;
              if (n >= 0) cb.call(n);
            })
        .register(export.registry());

    try {
      Map<String, Supplier<Object>> details = new LinkedHashMap<>();
      details.put("outbox", this::outboxHealth);
      details.put("consumers", this::consumersHealth);
      http = OpsHttpServer.start(config.opsBind(), config.metricsPort(), export, checks(), details);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + config.opsBind() + ":" + config.metricsPort(), e);
    }
  }

  /**
   * Migrates the database, provisions the topics and starts everything. Fails fast (with the
   * reason) when Postgres or Kafka cannot be reached, so a supervisor restarts the process.
   */
  public static Workers start(WorkersConfig config) {
    return start(config, ConsumerFactory.kafka(config.kafkaBootstrap()));
  }

  /**
   * As {@link #start(WorkersConfig)}, with the consumers of both groups made by {@code consumers}
   * (tests inject faults through it).
   */
  public static Workers start(WorkersConfig config, ConsumerFactory consumers) {
    Database.migrate(config.dbUrl(), config.dbUser(), config.dbPassword());
    Jdbi jdbi =
        Database.configure(Jdbi.create(config.dbUrl(), config.dbUser(), config.dbPassword()));
    List<String> problems;
    try (TopicProvisioner topics = TopicProvisioner.connect(config.kafkaBootstrap())) {
      problems =
          topics.provision(TopicSpec.platformTopics(config.names(), config.eventPartitions()));
    }
    Workers workers = new Workers(config, jdbi, problems, consumers);
    log.info(
        "workers up: task queue {}, {} outbox shard(s), /metrics and /health on {}:{}",
        config.names().outboxTaskQueue(),
        config.outboxShards(),
        config.opsBind(),
        workers.metricsPort());
    return workers;
  }

  public int metricsPort() {
    return http.port();
  }

  public OutboxMetrics metrics() {
    return metrics;
  }

  public WorkflowClient client() {
    return client;
  }

  /** Topic problems found at start (wrong partitions or cleanup policy); empty when none. */
  public List<String> topicProblems() {
    return topicProblems;
  }

  private void refreshBacklog(OutboxAdmin admin, DlqEntryDao deadLetters) {
    try {
      metrics.backlog(admin.stats());
      dlqPending = deadLetters.parked();
      backlogError = null;
    } catch (RuntimeException e) {
      dlqPending = -1;
      backlogError = HealthReasons.of(e);
      log.warn("cannot read the outbox backlog ({}): {}", backlogError, e.toString());
    }
  }

  private List<OpsHttpServer.Check> checks() {
    return List.of(
        new OpsHttpServer.Check("database", () -> backlogError),
        new OpsHttpServer.Check(
            "kafka_topics", () -> topicProblems.isEmpty() ? null : topicProblems),
        new OpsHttpServer.Check("temporal", this::temporalProblem),
        new OpsHttpServer.Check(
            "consumer_projection", () -> projection.status().problem(config.consumerStaleAfter())),
        new OpsHttpServer.Check(
            "consumer_commands", () -> commands.status().problem(config.consumerStaleAfter())));
  }

  private Map<String, Object> consumersHealth() {
    Map<String, Object> consumers = new LinkedHashMap<>();
    for (ConsumerSupervisor.Status status : List.of(projection.status(), commands.status())) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("running", status.running());
      one.put(
          "last_poll_age_seconds",
          status.lastPollAge() == null ? null : status.lastPollAge().toMillis() / 1000.0);
      one.put("restarts", status.restarts());
      one.put("last_error", status.lastError());
      consumers.put(status.name(), one);
    }
    return consumers;
  }

  private Object temporalProblem() {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return null;
    } catch (RuntimeException e) {
      stubs.getRawChannel().resetConnectBackoff();
      String reason = HealthReasons.of(e);
      log.warn("Temporal health check failed ({}): {}", reason, e.toString());
      return reason;
    }
  }

  private Object outboxHealth() {
    OutboxStats backlog = metrics.backlog();
    Map<String, Object> outbox = new LinkedHashMap<>();
    outbox.put("pending", backlog.pending());
    outbox.put("oldest_pending_age_seconds", backlog.oldestPendingAgeSeconds());
    outbox.put("failed", backlog.failed());
    outbox.put("published_by_this_process", metrics.publishedCount());
    outbox.put("shards", config.outboxShards());
    return outbox;
  }

  private static String clientId(WorkersConfig config) {
    return config.names().prefix()
        + "outbox-publisher-"
        + ManagementFactory.getRuntimeMXBean().getPid();
  }

  /** Stops polling, lets running activities finish their batch, then closes the producer. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    workflowSampler.shutdownNow();
    try {
      projection.close();
      commands.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    factory.shutdown();
    factory.awaitTermination(20, TimeUnit.SECONDS);
    if (!factory.isTerminated()) {
      log.warn("activities still running after 20 s; stopping anyway");
      factory.shutdownNow();
    }
    producer.close(Duration.ofSeconds(10));
    deadLetterProducer.close(Duration.ofSeconds(10));
    try {
      elasticsearch.close();
    } catch (IOException e) {
      log.warn("closing the Elasticsearch client: {}", e.toString());
    }
    stubs.shutdown();
    http.close();
    log.info("workers stopped");
  }
}
