package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.Workers;
import io.catalog.workers.replay.TemporalCli;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import io.catalog.workflows.RunHold;
import io.catalog.workflows.outbox.OutboxPublisherInput;
import io.catalog.workflows.outbox.OutboxPublisherStatus;
import io.catalog.workflows.outbox.OutboxPublisherWorkflow;
import io.temporal.client.WorkflowNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator pauses and resumes a publisher with the {@code temporal} CLI and with {@code tctl}
 * (runbooks/04-outbox.md): pause stops publishing (the backlog grows while writes go on), resume
 * drains it.
 */
class PauseResumeIT {
  private static String workflowId;

  @RegisterExtension
  static final StackSlice slice = StackSlice.withWorkers(Map.of("OUTBOX_SHARDS", "1"));

  @BeforeAll
  static void names() {
    workflowId = slice.it().names.outboxPublisherWorkflowId(0);
  }

  @Test
  void temporalCliPauseStopsPublishingAndResumeDrainsTheBacklog() throws Exception {
    pauseAndResume(
        () -> TemporalCli.signal(workflowId, "pause", null),
        () -> TemporalCli.signal(workflowId, "resume", null));

    String status =
        TemporalCli.temporal("workflow", "query", "--workflow-id", workflowId, "--type", "status");
    JsonNode json = Json.mapper().readTree(status.substring(status.indexOf('{')));
    assertThat(json.path("paused").asBoolean(true)).isFalse();
    assertThat(json.path("phase").asText()).isEqualTo("publishing");
    assertThat(json.has("processed") && json.has("total")).isTrue();
  }

  @Test
  void tctlPauseAndResumeWorkTheSameWay() throws Exception {
    Path tctl = TemporalCli.requireTctl();
    pauseAndResume(
        () -> TemporalCli.tctl(tctl, "workflow", "signal", "-w", workflowId, "-n", "pause"),
        () -> TemporalCli.tctl(tctl, "workflow", "signal", "-w", workflowId, "-n", "resume"));

    JsonNode status = TemporalCli.tctlQuery(tctl, workflowId, "status");
    assertThat(status.path("paused").asBoolean(true)).isFalse();
    assertThat(status.path("phase").asText()).isEqualTo("publishing");
  }

  @Test
  void aPauseNoteShowsInTheStatusUntilResumeAndAWorkersStartLiftsOnlyARunsHold() throws Exception {
    ItStack it = slice.it();
    OutboxPublisherWorkflow publisher =
        it.client.newWorkflowStub(OutboxPublisherWorkflow.class, workflowId);
    awaitPublishing(publisher);

    // An operator's pause, with a note: shown while it lasts, and kept by a workers start.
    TemporalCli.signal(workflowId, "pause", "\"Kafka upgrade, ops-42\"");
    await("paused").atMost(Duration.ofSeconds(30)).until(() -> query(publisher).paused());
    assertThat(query(publisher).pauseNote()).isEqualTo("Kafka upgrade, ops-42");
    PublisherSupervisor supervisor =
        new PublisherSupervisor(it.client, it.names, 1, OutboxPublisherInput.DEFAULT_BATCH_SIZE);
    assertThat(supervisor.liftRunHolds()).isTrue();
    assertThat(query(publisher).paused()).isTrue();

    // A run's hold that outlived its run (a bench killed in W2): the next workers start lifts it.
    String hold = RunHold.note("bench-0a1b2c", Instant.now(), "it resumes it at its end");
    publisher.pause(hold);
    await("held")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                hold.equals(query(publisher).pauseNote())
                    && "paused".equals(query(publisher).phase()));
    try (Workers restarted = Workers.start(it.config(Map.of("OUTBOX_SHARDS", "1")))) {
      await("resumed by the workers start")
          .atMost(Duration.ofMinutes(1))
          .until(() -> "publishing".equals(query(publisher).phase()));
    }
    assertThat(query(publisher).paused()).isFalse();
    assertThat(query(publisher).pauseNote()).isNull();
  }

  private interface Command {
    String run() throws Exception;
  }

  private void pauseAndResume(Command pause, Command resume) throws Exception {
    ItStack it = slice.it();
    ProductService service = new ProductService(it.db.jdbi(), it.names);
    OutboxPublisherWorkflow publisher =
        it.client.newWorkflowStub(OutboxPublisherWorkflow.class, workflowId);
    awaitPublishing(publisher);
    ProductWriters.write(service, 1, 40);
    await("published while running")
        .atMost(Duration.ofMinutes(1))
        .until(() -> it.db.count("status = 'PENDING'") == 0);

    pause.run();
    // The running activity is cancelled and reports back: from then on nothing is claimed.
    await("paused")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "paused".equals(query(publisher).phase()));
    assertThat(query(publisher).paused()).isTrue();
    long published = it.db.count("status = 'PUBLISHED'");
    for (int i = 0; i < 200; i++) {
      service.create(ProductWriters.draft(i), WriteContext.none());
    }
    // Writes went on, the backlog grew and stays: a LISTEN-woken publisher would have taken
    // these within milliseconds if it were still running.
    await("backlog stays while paused")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                it.db.count("status = 'PENDING'") == 200
                    && it.db.count("status = 'PUBLISHED'") == published);

    resume.run();
    await("resumed and drained")
        .atMost(Duration.ofSeconds(30))
        .until(() -> it.db.count("status = 'PENDING'") == 0);
    assertThat(query(publisher).paused()).isFalse();
  }

  /**
   * The workers' supervisor starts the publisher after Workers.start returns: until it has, the
   * workflow does not exist yet.
   */
  private static void awaitPublishing(OutboxPublisherWorkflow publisher) {
    await("publisher running")
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptionsInstanceOf(WorkflowNotFoundException.class)
        .until(() -> "publishing".equals(query(publisher).phase()));
  }

  private static OutboxPublisherStatus query(OutboxPublisherWorkflow publisher) {
    return publisher.status();
  }
}
