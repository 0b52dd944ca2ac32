package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.Workers;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the worker process offers besides publishing: /metrics, /health, supervision, cleanup. */
class WorkerProcessIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final StackSlice slice =
      StackSlice.withWorkers(
          Map.of("OUTBOX_SHARDS", "2", "OUTBOX_SUPERVISE_SECONDS", "1", "OUTBOX_RETENTION", "P1D"));

  @Test
  void metricsShowTheOutbox() throws Exception {
    ItStack it = slice.it();
    Workers workers = slice.workers();
    ProductService service = new ProductService(it.db.jdbi(), it.names);
    ProductWriters.write(service, 1, 16);
    await().atMost(Duration.ofMinutes(1)).until(() -> it.db.count("status = 'PENDING'") == 0);

    await("backlog gauges refreshed")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              String metrics = get("/metrics").body();
              return metrics.contains(
                      "outbox_published_total " + (double) workers.metrics().publishedCount())
                  && metrics.contains("outbox_pending_rows 0.0");
            });
    assertThat(workers.metrics().publishedCount()).isGreaterThanOrEqualTo(20);
    // Every claim is counted, the empty ones (the first of an empty outbox, the idle polls) too.
    assertThat(workers.metrics().claimCount()).isPositive();
    assertThat(workers.metrics().emptyClaimCount())
        .isPositive()
        .isLessThan(workers.metrics().claimCount());
    assertThat(workers.metrics().claimFromStartCount())
        .as("the first claim walks from id 0")
        .isPositive()
        .isLessThanOrEqualTo(workers.metrics().claimCount());
    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains(
            "outbox_oldest_pending_age_seconds",
            "outbox_failed_rows",
            "outbox_send_failures_total 0.0",
            "# TYPE outbox_published_total counter",
            "# TYPE outbox_claims_total counter",
            "# TYPE outbox_empty_claims_total counter",
            "# TYPE outbox_claims_from_start_total counter");
  }

  @Test
  void metricsShowEachConsumerAndEachLongRunningWorkflow() throws Exception {
    ItStack it = slice.it();
    String publisher = it.names.outboxPublisherWorkflowId(0);
    await("consumers and workflows sampled")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(get("/metrics").body())
                    .contains(
                        "consumer_up{consumer=\"projection\"} 1.0",
                        "consumer_up{consumer=\"commands\"} 1.0")
                    .contains("consumer_last_poll_age_seconds{consumer=\"projection\"}")
                    .contains(
                        "workflow_running{workflow_id=\""
                            + publisher
                            + "\",workflow_type=\"OutboxPublisherWorkflow\"} 1.0")
                    .contains(
                        "workflow_paused{workflow_id=\""
                            + publisher
                            + "\",workflow_type=\"OutboxPublisherWorkflow\"} 0.0")
                    .contains(
                        "workflow_running{workflow_id=\"" + it.names.dlqTriageWorkflowId() + "\"")
                    .contains("dlq_pending_entries 0.0")
                    .contains("kafka_producer_records_sent_total{client=\"outbox\"}")
                    .contains("kafka_producer_buffer_available_bytes{client=\"dead-letters\"}"));

    it.client.newUntypedWorkflowStub(publisher).signal("pause");
    try {
      await("the pause seen")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  get("/metrics")
                      .body()
                      .contains(
                          "workflow_paused{workflow_id=\""
                              + publisher
                              + "\",workflow_type=\"OutboxPublisherWorkflow\"} 1.0"));
    } finally {
      it.client.newUntypedWorkflowStub(publisher).signal("resume");
    }
    await("the resume seen")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                get("/metrics")
                    .body()
                    .contains(
                        "workflow_paused{workflow_id=\""
                            + publisher
                            + "\",workflow_type=\"OutboxPublisherWorkflow\"} 0.0"));
  }

  @Test
  void healthIsOkWithTheOutboxBacklog() throws Exception {
    HttpResponse<String> health =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> get("/health"), r -> r.statusCode() == 200);
    JsonNode body = Json.mapper().readTree(health.body());
    assertThat(body.path("status").asText()).isEqualTo("ok");
    assertThat(body.path("checks").path("database").asText()).isEqualTo("ok");
    assertThat(body.path("checks").path("kafka_topics").asText()).isEqualTo("ok");
    assertThat(body.path("checks").path("temporal").asText()).isEqualTo("ok");
    assertThat(body.path("checks").path("outbox_wakeups").asText()).isEqualTo("ok");
    assertThat(body.path("outbox").has("pending")).isTrue();
    assertThat(body.path("outbox").has("oldest_pending_age_seconds")).isTrue();
  }

  @Test
  void aTerminatedPublisherIsStartedAgain() {
    ItStack it = slice.it();
    String id = it.names.outboxPublisherWorkflowId(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    String firstRun = runId(id);

    it.client.newUntypedWorkflowStub(id).terminate("operator error");

    await("started again")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !runId(id).equals(firstRun)
                    && status(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    ProductService service = new ProductService(it.db.jdbi(), it.names);
    for (int i = 0; i < 20; i++) {
      service.create(ProductWriters.draft(i), WriteContext.none());
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> it.db.count("status = 'PENDING'") == 0);
  }

  @Test
  void theCleanupScheduleDeletesOldPublishedRowsOnly() {
    ItStack it = slice.it();
    ProductService service = new ProductService(it.db.jdbi(), it.names);
    for (int i = 0; i < 30; i++) {
      service.create(ProductWriters.draft(i), WriteContext.none());
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> it.db.count("status = 'PENDING'") == 0);
    long total = it.db.count("true");
    it.db
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE outbox_events SET published_at = now() - interval '2 days'"
                        + " WHERE id IN (SELECT id FROM outbox_events ORDER BY id LIMIT 10)"));

    ScheduleHandle schedule =
        ScheduleClient.newInstance(it.client.getWorkflowServiceStubs())
            .getHandle(it.names.outboxCleanupScheduleId());
    assertThat(schedule.describe().getSchedule().getSpec().getIntervals()).isNotEmpty();
    schedule.trigger();

    await("old rows deleted")
        .atMost(Duration.ofSeconds(60))
        .until(() -> it.db.count("true") == total - 10);
    assertThat(it.db.count("published_at < now() - interval '1 day'")).isZero();
  }

  private static WorkflowExecutionStatus status(String id) {
    return describe(id).getWorkflowExecutionInfo().getStatus();
  }

  private static String runId(String id) {
    return describe(id).getWorkflowExecutionInfo().getExecution().getRunId();
  }

  private static DescribeWorkflowExecutionResponse describe(String id) {
    ItStack it = slice.it();
    return it.client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id).build())
                .build());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    Workers workers = slice.workers();
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + workers.metricsPort() + path))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
