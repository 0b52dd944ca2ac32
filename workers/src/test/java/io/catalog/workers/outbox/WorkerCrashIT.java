package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.ProductService;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.PublishedEvent;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.WorkersConfig;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import io.catalog.workers.testing.WorkerProcess;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process is SIGKILLed in the middle of publishing and started again: every event still
 * reaches Kafka, no row stays PENDING, and an event sent twice carries the same event_id.
 */
@Tag("invariant") // never rerun: see the failsafe executions in the root pom
class WorkerCrashIT {
  private static final Logger log = LoggerFactory.getLogger(WorkerCrashIT.class);
  private static final long PRODUCTS = 6_000;

  @RegisterExtension static final StackSlice slice = StackSlice.plain();

  @Test
  void killedWorkerLosesNothingAndRedeliveriesKeepTheirEventId() throws Exception {
    ItStack it = slice.it();
    // Small batches, so that the kill lands between and inside batches; JSON logs, checked below.
    WorkersConfig config =
        it.config(Map.of("OUTBOX_SHARDS", "2", "OUTBOX_BATCH_SIZE", "25", "LOG_FORMAT", "json"));
    ProductService service = new ProductService(it.db.jdbi(), it.names);

    try (ProductWriters.Background writer = new ProductWriters.Background(service, PRODUCTS);
        WorkerProcess first = WorkerProcess.start(config, "crash-it-worker-1")) {
      await("first worker publishes")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> it.db.count("status = 'PUBLISHED'") >= 300);
      first.kill();
      long publishedAtKill = it.db.count("status = 'PUBLISHED'");
      log.info(
          "killed worker pid {} with {} rows published, {} written so far",
          first.pid(),
          publishedAtKill,
          writer.written());

      try (WorkerProcess second = WorkerProcess.start(config, "crash-it-worker-2")) {
        assertThat(writer.finish()).isEqualTo(PRODUCTS);
        await("second worker publishes everything")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> it.db.count("status = 'PUBLISHED'") == PRODUCTS);
        assertThat(it.db.count("status <> 'PUBLISHED'")).isZero();
        assertThat(second.terminate()).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(second.output()).contains("workers stopped");
      }
      assertJsonLogLines(first.output());
    }

    List<PublishedEvent> events =
        PublishedEvent.all(
            TopicReader.readAll(it.endpoints.kafkaBootstrap(), it.names.productEvents()));
    Set<UUID> distinct = events.stream().map(PublishedEvent::eventId).collect(Collectors.toSet());
    Set<UUID> inDatabase =
        new HashSet<>(
            it.db
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT event_id FROM outbox_events")
                            .mapTo(UUID.class)
                            .list()));
    assertThat(distinct).isEqualTo(inDatabase);
    log.info(
        "{} records on the topic for {} events: {} redelivered after the crash",
        events.size(),
        distinct.size(),
        events.size() - distinct.size());
    for (PublishedEvent e : events) {
      assertThat(e.headerEventId()).isEqualTo(e.eventId().toString());
      assertThat(e.key()).isEqualTo(e.aggregateId().toString());
    }
    // A redelivered event is the very same event: same id, same product, same version.
    Map<UUID, Set<String>> copies =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    PublishedEvent::eventId,
                    Collectors.mapping(
                        e -> e.aggregateId() + "/" + e.aggregateVersion(), Collectors.toSet())));
    assertThat(copies.values()).allMatch(s -> s.size() == 1);
  }

  private static void assertJsonLogLines(String output) throws Exception {
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).isNotEmpty();
    boolean up = false;
    for (String line : lines) {
      JsonNode json = Json.mapper().readTree(line);
      assertThat(json.has("level")).as(line).isTrue();
      up |= json.path("formattedMessage").asText().startsWith("workers up");
    }
    assertThat(up).as("a 'workers up' line in %s", lines).isTrue();
  }
}
