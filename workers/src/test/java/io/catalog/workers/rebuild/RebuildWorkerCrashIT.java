package io.catalog.workers.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.workers.WorkersConfig;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.rebuild.RebuildResult;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker running the load is SIGKILLed; a new worker process picks the load chunk up from its
 * last heartbeat instead of from the first row, and the rebuild completes with an index equal to
 * the database.
 */
@Tag("invariant") // never rerun: see the failsafe executions in the root pom
class RebuildWorkerCrashIT {
  private static final Logger log = LoggerFactory.getLogger(RebuildWorkerCrashIT.class);
  static final int PRODUCTS = Integer.getInteger("rebuild.it.products", 20_000);

  @Test
  void aKilledWorkerResumesTheLoadFromItsLastHeartbeat() throws Exception {
    try (RebuildHarness h = new RebuildHarness()) {
      h.awaitElasticsearch();
      h.seed(PRODUCTS);
      try (TopicProvisioner topics = TopicProvisioner.connect(h.it.endpoints.kafkaBootstrap())) {
        topics.provision(TopicSpec.platformTopics(h.it.names, 3));
      }
      WorkersConfig config = h.it.config(Map.of());
      long rowsAtKill;
      try (RebuildWorkerProcess first =
          RebuildWorkerProcess.start(config, "rebuild-crash-worker-1")) {
        // One long chunk, throttled, so the kill lands in the middle of an activity.
        h.rebuilds.start(
            RebuildInput.fromDatabase()
                .with(f -> f.maxDocsPerSecond = 2000)
                .with(f -> f.chunkSeconds = 120));
        await("the load heartbeats a third of the rows")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> heartbeat(h).map(DatabaseLoadHeartbeat::read).orElse(0L) >= PRODUCTS / 3);
        rowsAtKill = heartbeat(h).orElseThrow().read();
        first.kill();
        log.info("killed worker pid {} with {} rows heartbeated", first.pid(), rowsAtKill);
      }
      try (RebuildWorkerProcess second =
          RebuildWorkerProcess.start(config, "rebuild-crash-worker-2")) {
        RebuildResult result = h.rebuilds.await(Duration.ofMinutes(4));
        log.info(
            "after the crash: loaded {} (re-reads included), {} resume(s) after {} rows; phases {}",
            result.loaded(),
            result.loadResumes(),
            result.resumedAfter(),
            result.phaseMillis());

        assertThat(result.loadResumes()).isEqualTo(1);
        assertThat(result.resumedAfter()).isGreaterThanOrEqualTo(rowsAtKill);
        // Rows read twice (written after the last heartbeat, before the kill) are far fewer than
        // the rows the heartbeat saved: the load did not start again from zero.
        assertThat(result.loaded())
            .isBetween((long) PRODUCTS, PRODUCTS + result.resumedAfter() - 1);
        assertThat(result.validation().ok()).isTrue();
        assertThat(second.output()).contains("resumes after");
        h.assertIndexEqualsDatabase(h.it.names.searchAlias());
      }
    }
  }

  /** The heartbeat details of the running load chunk, as the Temporal server holds them. */
  private static Optional<DatabaseLoadHeartbeat> heartbeat(RebuildHarness h) {
    for (PendingActivityInfo a :
        h.it
            .client
            .newUntypedWorkflowStub(h.it.names.rebuildWorkflowId())
            .describe()
            .getRawDescription()
            .getPendingActivitiesList()) {
      if (a.getActivityType().getName().equals("RebuildLoadFromDatabase")
          && a.hasHeartbeatDetails()) {
        Payloads details = a.getHeartbeatDetails();
        return Optional.of(
            DefaultDataConverter.newDefaultInstance()
                .fromPayloads(
                    0,
                    Optional.of(details),
                    DatabaseLoadHeartbeat.class,
                    DatabaseLoadHeartbeat.class));
      }
    }
    return Optional.empty();
  }
}
