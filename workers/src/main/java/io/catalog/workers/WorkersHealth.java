package io.catalog.workers;

import io.catalog.domain.diagnostics.HealthReasons;
import io.catalog.domain.dlq.DlqEntryDao;
import io.catalog.domain.outbox.OutboxAdmin;
import io.catalog.domain.outbox.OutboxStats;
import io.catalog.workers.kafka.ConsumerSupervisor;
import io.catalog.workers.outbox.OutboxMetrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker process's {@code /health} says: one check per dependency and consumer (database,
 * topics, Temporal, both consumer groups) and the details (outbox backlog, consumers). It also
 * keeps the backlog gauges fresh: {@link #refreshBacklog} runs every few seconds.
 */
final class WorkersHealth {
  private static final Logger log = LoggerFactory.getLogger(WorkersHealth.class);

  private final WorkersConfig config;
  private final OutboxMetrics metrics;
  private final WorkflowServiceStubs temporal;
  private final List<String> topicProblems;
  private final Supplier<ConsumerSupervisor.Status> projection;
  private final Supplier<ConsumerSupervisor.Status> commands;
  private final OutboxAdmin admin;
  private final DlqEntryDao deadLetters;
  private volatile String backlogError = "not read yet";

  /** PARKED dead letters at the last refresh; -1 before the first or when it failed. */
  private volatile long dlqPending = -1;

  WorkersHealth(
      WorkersConfig config,
      OutboxMetrics metrics,
      WorkflowServiceStubs temporal,
      List<String> topicProblems,
      Supplier<ConsumerSupervisor.Status> projection,
      Supplier<ConsumerSupervisor.Status> commands,
      OutboxAdmin admin,
      DlqEntryDao deadLetters) {
    this.config = config;
    this.metrics = metrics;
    this.temporal = temporal;
    this.topicProblems = topicProblems;
    this.projection = projection;
    this.commands = commands;
    this.admin = admin;
    this.deadLetters = deadLetters;
  }

  /** {@code dlq_pending_entries}: absent until the first refresh succeeded. */
  void register(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("dlq_pending_entries")
        .help("Dead letters waiting for a decision (PARKED)")
        .callback(
            cb -> {
              long n = dlqPending;
              if (n >= 0) cb.call(n);
            })
        .register(registry);
  }

  void refreshBacklog() {
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

  List<OpsHttpServer.Check> checks() {
    return List.of(
        new OpsHttpServer.Check("database", () -> backlogError),
        new OpsHttpServer.Check(
            "kafka_topics", () -> topicProblems.isEmpty() ? null : topicProblems),
        new OpsHttpServer.Check("temporal", this::temporalProblem),
        new OpsHttpServer.Check(
            "consumer_projection", () -> projection.get().problem(config.consumerStaleAfter())),
        new OpsHttpServer.Check(
            "consumer_commands", () -> commands.get().problem(config.consumerStaleAfter())));
  }

  Map<String, Supplier<Object>> details() {
    Map<String, Supplier<Object>> details = new LinkedHashMap<>();
    details.put("outbox", this::outboxHealth);
    details.put("consumers", this::consumersHealth);
    return details;
  }

  private Map<String, Object> consumersHealth() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (ConsumerSupervisor.Status status : List.of(projection.get(), commands.get())) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("running", status.running());
      one.put(
          "last_poll_age_seconds",
          status.lastPollAge() == null ? null : status.lastPollAge().toMillis() / 1000.0);
      one.put("restarts", status.restarts());
      one.put("last_error", status.lastError());
      all.put(status.name(), one);
    }
    return all;
  }

  private Object temporalProblem() {
    try {
      temporal
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return null;
    } catch (RuntimeException e) {
      temporal.getRawChannel().resetConnectBackoff();
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
}
