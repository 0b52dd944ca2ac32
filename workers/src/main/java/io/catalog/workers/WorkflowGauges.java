package io.catalog.workers;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.diagnostics.HealthReasons;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.ProgressQuery;
import io.catalog.workflows.dlq.DlqTriageWorkflow;
import io.catalog.workflows.rebuild.ProductSearchRebuildWorkflow;
import io.catalog.workflows.replay.ReplayWorkflow;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running workflows as metrics (docs/architecture.md, "Metrics"), sampled from Temporal by
 * {@link #run()} every few seconds and served from that sample at each scrape:
 *
 * <ul>
 *   <li>{@code workflow_running{workflow_type, workflow_id}}: 1 for each open one of this process's
 *       names; 0 for a workflow that should always run (every publisher shard, the DLQ triage) but
 *       is not open;
 *   <li>{@code workflow_paused{workflow_type, workflow_id}}: 0 or 1 from the workflow's own query;
 *   <li>{@code rebuild_progress_ratio{workflow_id}} and {@code replay_progress_ratio{workflow_id}}:
 *       processed / total of a running rebuild or replay (0 while the total is unknown).
 * </ul>
 *
 * A workflow that ends leaves every series at the next sample; when Temporal cannot be read the
 * gauges are empty (the {@code temporal} health check says why), never the last values seen.
 */
final class WorkflowGauges implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(WorkflowGauges.class);

  /** A kind of long-running workflow and the query that answers its phase, progress and pause. */
  record Kind(String type, String query) {}

  static final String PUBLISHER = "OutboxPublisherWorkflow";
  static final List<Kind> KINDS =
      List.of(
          new Kind(PUBLISHER, "status"),
          new Kind(DlqTriageWorkflow.TYPE, DlqTriageWorkflow.SUMMARY),
          new Kind(ReplayWorkflow.TYPE, ProgressQuery.NAME),
          new Kind(ProductSearchRebuildWorkflow.TYPE, ProgressQuery.NAME));

  /** One open workflow; {@code paused} null when its query did not answer. */
  record Sample(String type, String id, Boolean paused, long processed, long total) {
    double ratio() {
      return total > 0 ? Math.min(1.0, (double) processed / total) : 0.0;
    }
  }

  private final WorkflowClient client;
  private final PlatformNames names;

  /** Workflow id → type of those that should always be open. */
  private final Map<String, String> expected = new LinkedHashMap<>();

  /** The last sample; null when Temporal could not be read. */
  private volatile List<Sample> samples;

  WorkflowGauges(WorkflowClient client, PlatformNames names, int publisherShards) {
    this.client = client;
    this.names = names;
    for (int shard = 0; shard < publisherShards; shard++) {
      expected.put(names.outboxPublisherWorkflowId(shard), PUBLISHER);
    }
    expected.put(names.dlqTriageWorkflowId(), DlqTriageWorkflow.TYPE);
  }

  /** Samples every open long-running workflow of this process's names. */
  @Override
  public void run() {
    try {
      List<Sample> sampled = new ArrayList<>();
      for (Kind kind : KINDS) {
        String query = "WorkflowType = '" + kind.type() + "' AND ExecutionStatus = 'Running'";
        for (WorkflowExecutionMetadata execution : client.listExecutions(query).toList()) {
          String id = execution.getExecution().getWorkflowId();
          if (id.startsWith(names.prefix())) {
            sampled.add(sample(kind, id));
          }
        }
      }
      samples = List.copyOf(sampled);
    } catch (RuntimeException e) {
      samples = null;
      log.warn(
          "cannot sample the long-running workflows ({}): {}", HealthReasons.of(e), e.toString());
    }
  }

  private Sample sample(Kind kind, String id) {
    try {
      JsonNode status = client.newUntypedWorkflowStub(id).query(kind.query(), JsonNode.class);
      return new Sample(
          kind.type(),
          id,
          status.path("paused").asBoolean(),
          status.path("processed").asLong(),
          status.path("total").asLong());
    } catch (RuntimeException e) {
      // Ended between the list and the query, or its worker is away: open, pause unknown.
      log.debug("query {} of {} failed: {}", kind.query(), id, e.toString());
      return new Sample(kind.type(), id, null, 0, 0);
    }
  }

  void register(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("workflow_running")
        .help(
            "1 while the long-running workflow is open; 0 for one that should always run but is not")
        .labelNames("workflow_type", "workflow_id")
        .callback(
            cb -> {
              List<Sample> now = samples;
              if (now == null) {
                return;
              }
              Map<String, String> missing = new LinkedHashMap<>(expected);
              for (Sample s : now) {
                missing.remove(s.id());
                cb.call(1, s.type(), s.id());
              }
              missing.forEach((id, type) -> cb.call(0, type, id));
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("workflow_paused")
        .help("1 while the long-running workflow is paused by a signal")
        .labelNames("workflow_type", "workflow_id")
        .callback(
            cb -> each(s -> s.paused() != null, s -> cb.call(s.paused() ? 1 : 0, s.type(), s.id())))
        .register(registry);
    ratio(
        registry,
        "rebuild_progress_ratio",
        "Documents processed / total of a running rebuild",
        ProductSearchRebuildWorkflow.TYPE);
    ratio(
        registry,
        "replay_progress_ratio",
        "Records processed / total of a running replay",
        ReplayWorkflow.TYPE);
  }

  private void ratio(PrometheusRegistry registry, String name, String help, String type) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("workflow_id")
        .callback(
            cb ->
                each(
                    s -> s.type().equals(type) && s.paused() != null,
                    s -> cb.call(s.ratio(), s.id())))
        .register(registry);
  }

  private void each(Predicate<Sample> which, Consumer<Sample> action) {
    List<Sample> now = samples;
    if (now != null) {
      now.stream().filter(which).forEach(action);
    }
  }
}
