package io.catalog.cli.bench;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.RunHold;
import io.catalog.workflows.outbox.OutboxPublisherStatus;
import io.catalog.workflows.outbox.OutboxPublisherWorkflow;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Pauses the platform's outbox publisher workflows so that W2 can pile up a backlog, and resumes
 * exactly those it paused (one an operator had paused stays paused), with the signals of
 * docs/architecture.md, "Workflows, signals and queries". Its pauses carry a {@link RunHold} note
 * naming the run, so that a run killed before it resumed them leaves pauses that the next run
 * ({@link #releaseEnded}) and a workers start recognise and lift.
 */
final class PublisherControl {
  private final WorkflowClient client;
  private final PlatformNames names;
  private final String runId;
  private final List<String> pausedHere = new ArrayList<>();

  PublisherControl(WorkflowClient client, PlatformNames names, String runId) {
    this.client = client;
    this.names = names;
    this.runId = runId;
  }

  /** Pauses every running shard and waits until each has finished its batch in hand. */
  synchronized void pauseAll(Duration timeout) throws InterruptedException {
    String note =
        RunHold.note("bench-" + runId, Instant.now(), "it resumes the publisher at its end");
    int shards = shardCount();
    for (int shard = 0; shard < shards; shard++) {
      String id = names.outboxPublisherWorkflowId(shard);
      OutboxPublisherWorkflow publisher = stub(id);
      if (!publisher.status().paused()) {
        publisher.pause(note);
        pausedHere.add(id);
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String id : pausedHere) {
      while (!"paused".equals(stub(id).status().phase())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("publisher " + id + " did not pause within " + timeout);
        }
        Thread.sleep(50); // polling a workflow query; there is no event to wait on
      }
    }
  }

  synchronized void resumeAll() {
    for (String id : pausedHere) {
      stub(id).resume();
    }
    pausedHere.clear();
  }

  /**
   * Resumes the publishers that an earlier bench run held paused and did not live to resume; a live
   * run's hold and an operator's pause are left alone.
   *
   * @param running whether the bench run of an id is still running ({@link BenchRuns#running})
   * @return one line per publisher found held by a run, saying what was done
   */
  synchronized List<String> releaseEnded(Predicate<String> running) {
    List<String> said = new ArrayList<>();
    int shards = shardCount();
    for (int shard = 0; shard < shards; shard++) {
      String id = names.outboxPublisherWorkflowId(shard);
      OutboxPublisherWorkflow publisher = stub(id);
      OutboxPublisherStatus status = publisher.status();
      String holder = status.paused() ? BenchRuns.holder(status.pauseNote()) : null;
      if (holder == null) {
        continue;
      }
      if (running.test(holder)) {
        said.add(id + " is held by bench-" + holder + ", which is still running: left to it");
      } else {
        publisher.resume();
        said.add(id + " was still held by bench-" + holder + ", which did not end: resumed");
      }
    }
    return said;
  }

  /** From shard 0's status: a query, so once per pass over the shards. */
  private int shardCount() {
    return stub(names.outboxPublisherWorkflowId(0)).status().shards();
  }

  private OutboxPublisherWorkflow stub(String id) {
    return client.newWorkflowStub(OutboxPublisherWorkflow.class, id);
  }
}
