package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import io.catalog.workflows.RunHold;
import io.catalog.workflows.outbox.OutboxPublisherStatus;
import io.catalog.workflows.outbox.OutboxPublisherWorkflow;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bench run that was killed while it held the publishers paused (W2, W7) leaves pauses that name
 * it; the next run resumes them once the killed run's lock is gone, leaves the hold of a run that
 * is still running to it, and never touches an operator's pause.
 */
class PublisherControlIT {
  @RegisterExtension
  static final StackSlice slice = StackSlice.withWorkers(Map.of("OUTBOX_SHARDS", "2"));

  @Test
  void theNextRunResumesWhatAKilledRunHeldAndNothingElse() throws Exception {
    ItStack it = slice.it();
    awaitBothPublishing(it);
    Predicate<String> running = run -> BenchRuns.running(it.db.jdbi(), run);
    PublisherControl next = new PublisherControl(it.client, it.names, "0b0b0b");

    try (BenchRuns killed = BenchRuns.claim(it.db.jdbi(), "a1a1a1")) {
      new PublisherControl(it.client, it.names, "a1a1a1").pauseAll(Duration.ofSeconds(30));
      // Killed here: it never resumes them. While its lock is held it is still running.
      assertThat(status(it, 0).pauseNote())
          .startsWith(RunHold.PREFIX + "bench-a1a1a1 since ")
          .endsWith("it resumes the publisher at its end");

      List<String> said = next.releaseEnded(running);

      assertThat(said).hasSize(2).allSatisfy(l -> assertThat(l).contains("still running"));
      assertThat(status(it, 0).paused()).isTrue();
      assertThat(status(it, 1).paused()).isTrue();
    }

    List<String> said = next.releaseEnded(running);

    assertThat(said)
        .containsExactly(
            it.names.outboxPublisherWorkflowId(0)
                + " was still held by bench-a1a1a1, which did not end: resumed",
            it.names.outboxPublisherWorkflowId(1)
                + " was still held by bench-a1a1a1, which did not end: resumed");
    await("resumed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !status(it, 0).paused() && !status(it, 1).paused());

    OutboxPublisherWorkflow second = stub(it, 1);
    second.pause("Kafka upgrade, ops-42");
    await("paused").atMost(Duration.ofSeconds(30)).until(() -> status(it, 1).paused());

    assertThat(next.releaseEnded(running)).isEmpty();
    assertThat(status(it, 1).paused()).isTrue();
    assertThat(status(it, 1).pauseNote()).isEqualTo("Kafka upgrade, ops-42");
    second.resume();
  }

  @Test
  void aRunResumesOnlyThePausesThatAreStillItsOwn() throws Exception {
    ItStack it = slice.it();
    awaitBothPublishing(it);
    PublisherControl run = new PublisherControl(it.client, it.names, "c3c3c3");
    run.pauseAll(Duration.ofSeconds(30));
    // An operator pauses shard 1 again while the run holds it: their note replaces the run's.
    stub(it, 1).pause("broker disk full, ops-77");
    await("the operator's pause")
        .atMost(Duration.ofSeconds(30))
        .until(() -> "broker disk full, ops-77".equals(status(it, 1).pauseNote()));

    run.resumeAll();

    await("shard 0 resumed").atMost(Duration.ofSeconds(30)).until(() -> !status(it, 0).paused());
    assertThat(status(it, 1).paused()).isTrue();
    assertThat(status(it, 1).pauseNote()).isEqualTo("broker disk full, ops-77");
    assertThat(run.leftPaused())
        .containsExactly(
            it.names.outboxPublisherWorkflowId(1)
                + " was paused again during the run (\"broker disk full, ops-77\"): left paused");
    stub(it, 1).resume();
    await("shard 1 resumed").atMost(Duration.ofSeconds(30)).until(() -> !status(it, 1).paused());
  }

  /** Both shards running, neither paused (a pause a test left may still be being resumed). */
  private static void awaitBothPublishing(ItStack it) {
    await("publishers running")
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptionsInstanceOf(WorkflowNotFoundException.class)
        .until(
            () ->
                "publishing".equals(status(it, 0).phase())
                    && status(it, 1).shards() == 2
                    && !status(it, 0).paused()
                    && !status(it, 1).paused());
  }

  private static OutboxPublisherStatus status(ItStack it, int shard) {
    return stub(it, shard).status();
  }

  private static OutboxPublisherWorkflow stub(ItStack it, int shard) {
    return it.client.newWorkflowStub(
        OutboxPublisherWorkflow.class, it.names.outboxPublisherWorkflowId(shard));
  }
}
