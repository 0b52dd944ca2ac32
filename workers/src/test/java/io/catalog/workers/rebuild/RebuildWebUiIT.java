package io.catalog.workers.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.operations.rebuild.RebuildStatus;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.replay.TemporalCli;
import io.catalog.workers.testing.WebUiCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's path: {@code e2e/rebuild-ui.mjs} drives the real Temporal Web UI in headless
 * Chromium, starts {@code ProductSearchRebuildWorkflow} from the Start Workflow form with a
 * throttled input ({@link #THROTTLED}), waits until the UI shows it completed and reads the
 * progress line from the page; meanwhile {@code tctl workflow query --qt progress} answers from
 * another "terminal".
 */
class RebuildWebUiIT {
  private static final Logger log = LoggerFactory.getLogger(RebuildWebUiIT.class);

  /**
   * The operator's throttle: the 2,000 rows then load for about 20 s, so the page is sure to see
   * the rebuild while it runs. Unthrottled, the whole run took about 3 s, and CI once saw only the
   * completed run.
   */
  private static final String THROTTLED = "{\"maxDocsPerSecond\": 100, \"batchSize\": 100}";

  @Test
  void startedFromTheWebUiItCompletesAndShowsItsProgress() throws Exception {
    WebUiCheck.assumeInstalled();
    try (RebuildHarness h = new RebuildHarness()) {
      h.awaitElasticsearch();
      h.seed(2_000);
      try (TopicProvisioner topics = TopicProvisioner.connect(h.it.endpoints.kafkaBootstrap())) {
        topics.provision(TopicSpec.platformTopics(h.it.names, 3));
      }
      h.startRebuildWorker().start();
      Path tctl = TemporalCli.requireTctl();
      WebUiCheck browser =
          WebUiCheck.start(
              "rebuild-ui",
              Map.of(
                  "WORKFLOW_ID", h.it.names.rebuildWorkflowId(),
                  "TASK_QUEUE", h.it.names.projectionOpsTaskQueue(),
                  "INPUT", THROTTLED));
      // The operator's other window: tctl's progress query answers while the rebuild the Web UI
      // started is still running (a phase before "done").
      JsonNode answered =
          await("tctl answers the progress query during the rebuild")
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofMillis(200))
              .ignoreExceptions()
              .until(
                  () -> TemporalCli.tctlQuery(tctl, h.it.names.rebuildWorkflowId(), "progress"),
                  p -> p.hasNonNull("phase"));
      log.info("tctl progress while the Web UI's rebuild ran: {}", answered);
      assertThat(answered.path("phase").asText()).isNotEqualTo("done");
      assertThat(answered.path("source").asText()).isEqualTo("database");
      JsonNode seen = browser.awaitResult();
      assertThat(seen.path("status").asText()).isEqualTo("COMPLETED");
      assertThat(seen.path("details").asText())
          .contains("done", "2,000 / 2,000 documents", "source");
      // Read from the page while the rebuild was still running, too.
      assertThat(seen.path("whileRunning").asText()).contains("documents", "source database");
      RebuildStatus status = h.rebuilds.status().orElseThrow();
      assertThat(status.status()).isEqualTo("COMPLETED");
      assertThat(status.progress().source()).isEqualTo("database");
      assertThat(h.aliasTarget()).isEqualTo(status.progress().index());
      h.assertIndexEqualsDatabase(h.it.names.searchAlias());
    }
  }
}
