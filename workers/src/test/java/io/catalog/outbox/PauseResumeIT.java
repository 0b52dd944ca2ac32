package io.catalog.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.it.ItStack;
import io.catalog.it.ProductWriters;
import io.catalog.json.Json;
import io.catalog.localstack.LocalStack;
import io.catalog.product.ProductService;
import io.catalog.product.WriteContext;
import io.catalog.workers.Workers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator pauses and resumes a publisher with the command-line tools of DESIGN §7: pause stops
 * publishing (the backlog grows while writes go on), resume drains it.
 */
class PauseResumeIT {
  private static ItStack it;
  private static Workers workers;
  private static String workflowId;

  @BeforeAll
  static void start() {
    it = ItStack.create();
    workers = Workers.start(it.config(Map.of("OUTBOX_SHARDS", "1")));
    workflowId = it.names.outboxPublisherWorkflowId(0);
  }

  @AfterAll
  static void stop() {
    if (workers != null) {
      workers.close();
    }
    it.close();
  }

  @Test
  void temporalCliPauseStopsPublishingAndResumeDrainsTheBacklog() throws Exception {
    Path temporal = LocalStack.shared().temporal().cli();
    String address = it.endpoints.temporalTarget();
    pauseAndResume(
        () ->
            run(
                temporal.toString(),
                "workflow",
                "signal",
                "--workflow-id",
                workflowId,
                "--name",
                "pause",
                "--address",
                address,
                "--namespace",
                "default"),
        () ->
            run(
                temporal.toString(),
                "workflow",
                "signal",
                "--workflow-id",
                workflowId,
                "--name",
                "resume",
                "--address",
                address,
                "--namespace",
                "default"));

    String status =
        run(
            temporal.toString(),
            "workflow",
            "query",
            "--workflow-id",
            workflowId,
            "--type",
            "status",
            "--address",
            address,
            "--namespace",
            "default");
    JsonNode json = Json.mapper().readTree(status.substring(status.indexOf('{')));
    assertThat(json.path("paused").asBoolean(true)).isFalse();
    assertThat(json.path("phase").asText()).isEqualTo("publishing");
    assertThat(json.has("processed") && json.has("total")).isTrue();
  }

  @Test
  void tctlPauseAndResumeWorkTheSameWay() throws Exception {
    Optional<Path> tctl = findTctl();
    assumeTrue(
        tctl.isPresent(),
        "tctl is not installed: it cannot be built here (the Go module proxy answers 403 for"
            + " github.com/temporalio/tctl); the temporal CLI test covers the same signals");
    String address = it.endpoints.temporalTarget();
    pauseAndResume(
        () ->
            run(
                tctl.get().toString(),
                "--address",
                address,
                "--namespace",
                "default",
                "workflow",
                "signal",
                "-w",
                workflowId,
                "-n",
                "pause"),
        () ->
            run(
                tctl.get().toString(),
                "--address",
                address,
                "--namespace",
                "default",
                "workflow",
                "signal",
                "-w",
                workflowId,
                "-n",
                "resume"));
  }

  private interface Command {
    String run() throws Exception;
  }

  private void pauseAndResume(Command pause, Command resume) throws Exception {
    ProductService service = new ProductService(it.db.jdbi(), it.names);
    OutboxPublisherWorkflow publisher =
        it.client.newWorkflowStub(OutboxPublisherWorkflow.class, workflowId);
    await("publisher running")
        .atMost(Duration.ofMinutes(1))
        .until(() -> "publishing".equals(query(publisher).phase()));
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

  private static OutboxPublisherStatus query(OutboxPublisherWorkflow publisher) {
    return publisher.status();
  }

  private static Optional<Path> findTctl() {
    Path repoTools = LocalStack.shared().config().toolsDir().resolve("bin").resolve("tctl");
    Stream<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .filter(s -> !s.isBlank())
            .map(dir -> Path.of(dir, "tctl"));
    return Stream.concat(Stream.of(repoTools), onPath).filter(Files::isExecutable).findFirst();
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
    }
    String output = new String(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("%s%n%s", String.join(" ", command), output).isZero();
    return output;
  }
}
