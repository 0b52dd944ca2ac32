package io.catalog.workers.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.operations.rebuild.RebuildStatus;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.replay.TemporalCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's path: {@code e2e/rebuild-ui.mjs} drives the real Temporal Web UI in headless
 * Chromium, starts {@code ProductSearchRebuildWorkflow} from the Start Workflow form with input
 * {@code {}}, waits until the UI shows it completed and reads the progress line from the page;
 * meanwhile {@code tctl workflow query --qt progress} answers from another "terminal".
 */
class RebuildWebUiIT {
  private static final Logger log = LoggerFactory.getLogger(RebuildWebUiIT.class);
  private static final Path E2E = Path.of("..", "e2e").toAbsolutePath().normalize();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void startedFromTheWebUiItCompletesAndShowsItsProgress() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no " + CHROMIUM + ": install it with scripts/install-tools.sh --with-browser");
    assumeTrue(
        Files.isDirectory(E2E.resolve("node_modules/playwright-core")),
        "no " + E2E + "/node_modules: install it with npm ci --prefix e2e");
    try (RebuildHarness h = new RebuildHarness()) {
      h.awaitElasticsearch();
      h.seed(2_000);
      try (TopicProvisioner topics = TopicProvisioner.connect(h.it.endpoints.kafkaBootstrap())) {
        topics.provision(TopicSpec.platformTopics(h.it.names, 3));
      }
      h.startRebuildWorker().start();
      Path output = Path.of("target", "rebuild-ui.log").toAbsolutePath();
      ProcessBuilder node =
          new ProcessBuilder(List.of("node", E2E.resolve("rebuild-ui.mjs").toString()))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      node.environment()
          .put("UI_URL", io.catalog.localstack.LocalStack.shared().config().temporalUiUrl());
      node.environment().put("WORKFLOW_ID", h.it.names.rebuildWorkflowId());
      node.environment().put("TASK_QUEUE", h.it.names.projectionOpsTaskQueue());
      node.environment().put("CHROMIUM", CHROMIUM.toString());
      node.environment().put("SCREENSHOT", "/tmp/rebuild-ui.png");
      Path tctl = TemporalCli.requireTctl();
      Process process = node.start();
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
      boolean exited = process.waitFor(4, TimeUnit.MINUTES);
      if (!exited) {
        process.destroyForcibly();
      }
      String printed = Files.readString(output);
      log.info("e2e/rebuild-ui.mjs printed: {}", printed);
      assertThat(exited).as("the browser check ended within 4 minutes").isTrue();
      assertThat(process.exitValue()).as(printed).isZero();

      JsonNode seen =
          Json.mapper()
              .readTree(
                  printed.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
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
