package io.catalog.workers;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.config.Endpoints;
import io.catalog.domain.db.Database;
import io.catalog.domain.dlq.DlqEntryDao;
import io.catalog.domain.metrics.MetricsExport;
import io.catalog.domain.outbox.OutboxAdmin;
import io.catalog.domain.outbox.OutboxWakeups;
import io.catalog.domain.product.ProductService;
import io.catalog.operations.dlq.TriageClient;
import io.catalog.operations.temporal.TemporalConnection;
import io.catalog.search.SearchClients;
import io.catalog.workers.commands.CommandService;
import io.catalog.workers.dlq.DeadLetterProducers;
import io.catalog.workers.kafka.ConsumerFactory;
import io.catalog.workers.kafka.ConsumerGauges;
import io.catalog.workers.kafka.ProducerGauges;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.outbox.OutboxMetrics;
import io.catalog.workers.outbox.OutboxProducers;
import io.catalog.workers.outbox.OutboxPublisher;
import io.catalog.workers.outbox.PublisherSupervisor;
import io.catalog.workers.projection.ProjectionService;
import io.catalog.workers.reconcile.ReconcileMetrics;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final Producer<byte[], byte[]> deadLetterProducer;
  private final ElasticsearchClient elasticsearch;
  private final OutboxMetrics metrics;
  private final TemporalConnection temporal;
  private final TemporalWorkers temporalWorkers;
  private final ProjectionService projection;
  private final CommandService commands;
  private final OutboxWakeups wakeups;
  private final PeriodicTasks tasks = new PeriodicTasks();
  private final OpsHttpServer http;
  private final List<String> topicProblems;

  private Workers(
      WorkersConfig config, Jdbi jdbi, List<String> topicProblems, ConsumerFactory consumers) {
    this.config = config;
    this.topicProblems = topicProblems;
    String kafka = config.endpoints().kafkaBootstrap();
    MetricRegistry registry = new MetricRegistry();
    metrics = new OutboxMetrics(registry);
    producer = OutboxProducers.create(kafka, clientId(config));
    deadLetterProducer = DeadLetterProducers.create(kafka, clientId(config) + "-dead-letters");
    elasticsearch = SearchClients.create(config.endpoints().elasticsearchUrl());
    OutboxPublisher publisher =
        new OutboxPublisher(
            producer,
            OutboxPublisher.Settings.withMaxAttempts(config.outboxMaxAttempts()),
            metrics);

    temporal = TemporalConnection.open(config.endpoints());
    ReconcileMetrics reconcileMetrics = new ReconcileMetrics();
    temporalWorkers =
        TemporalWorkers.start(
            temporal,
            config,
            new TemporalWorkers.Resources(
                jdbi, publisher, elasticsearch, deadLetterProducer, registry, reconcileMetrics));

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
    wakeups = new OutboxWakeups(jdbi);
    commands =
        new CommandService(
                consumers,
                new ProductService(jdbi, config.names(), wakeups),
                deadLetterProducer,
                config.names())
            .start();

    WorkersHealth health =
        new WorkersHealth(
            config,
            metrics,
            temporal.stubs(),
            topicProblems,
            projection::status,
            commands::status,
            new OutboxAdmin(jdbi),
            new DlqEntryDao(jdbi));
    WorkflowGauges workflows =
        new WorkflowGauges(temporal.client(), config.names(), config.outboxShards());
    superviseAndSample(health, workflows);
    http = serve(health, exportMetrics(registry, workflows, reconcileMetrics, health));
  }

  /** Keeps the triage and publisher workflows running, the backlog and workflow gauges fresh. */
  private void superviseAndSample(WorkersHealth health, WorkflowGauges workflows) {
    TriageClient triage = new TriageClient(temporal.client(), config.names());
    PublisherSupervisor publishers =
        new PublisherSupervisor(
            temporal.client(), config.names(), config.outboxShards(), config.outboxBatchSize());
    tasks.every(config.superviseInterval(), triage::ensureRunning);
    AtomicBoolean holdsLifted = new AtomicBoolean();
    tasks.every(
        config.superviseInterval(),
        () -> {
          publishers.ensureRunning();
          if (!holdsLifted.get()) {
            holdsLifted.set(publishers.liftRunHolds());
          }
        });
    tasks.every(BACKLOG_REFRESH, health::refreshBacklog);
    tasks.sampleWorkflowsEvery(WORKFLOW_SAMPLE, workflows);
  }

  private MetricsExport exportMetrics(
      MetricRegistry registry,
      WorkflowGauges workflows,
      ReconcileMetrics reconcileMetrics,
      WorkersHealth health) {
    MetricsExport export = MetricsExport.of(registry);
    ConsumerGauges.register(
        export.registry(), () -> List.of(projection.status(), commands.status()));
    ProducerGauges.register(
        export.registry(), Map.of("outbox", producer, "dead-letters", deadLetterProducer));
    workflows.register(export.registry());
    reconcileMetrics.register(export.registry());
    health.register(export.registry());
    return export;
  }

  private OpsHttpServer serve(WorkersHealth health, MetricsExport export) {
    try {
      List<OpsHttpServer.Check> checks = new ArrayList<>(health.checks());
      checks.add(new OpsHttpServer.Check("outbox_wakeups", wakeups::problem));
      return OpsHttpServer.start(
          config.opsBind(), config.metricsPort(), export, checks, health.details());
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
    return start(config, ConsumerFactory.kafka(config.endpoints().kafkaBootstrap()));
  }

  /**
   * As {@link #start(WorkersConfig)}, with the consumers of both groups made by {@code consumers}
   * (tests inject faults through it).
   */
  public static Workers start(WorkersConfig config, ConsumerFactory consumers) {
    Endpoints e = config.endpoints();
    Database.migrate(e.dbUrl(), e.dbUser(), e.dbPassword());
    Jdbi jdbi = Database.configure(Jdbi.create(e.dbUrl(), e.dbUser(), e.dbPassword()));
    List<String> problems;
    try (TopicProvisioner topics = TopicProvisioner.connect(e.kafkaBootstrap())) {
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
    return temporal.client();
  }

  /** Topic problems found at start (wrong partitions or cleanup policy); empty when none. */
  public List<String> topicProblems() {
    return topicProblems;
  }

  private static String clientId(WorkersConfig config) {
    return config.names().prefix()
        + "outbox-publisher-"
        + ManagementFactory.getRuntimeMXBean().getPid();
  }

  /** Stops polling, lets running activities finish their batch, then closes the producer. */
  @Override
  public void close() {
    tasks.close();
    try {
      projection.close();
      commands.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    wakeups.close();
    temporalWorkers.close();
    producer.close(Duration.ofSeconds(10));
    deadLetterProducer.close(Duration.ofSeconds(10));
    try {
      elasticsearch.close();
    } catch (IOException e) {
      log.warn("closing the Elasticsearch client: {}", e.toString());
    }
    temporal.close();
    http.close();
    log.info("workers stopped");
  }
}
