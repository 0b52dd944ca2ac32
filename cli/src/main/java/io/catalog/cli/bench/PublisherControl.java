package io.catalog.cli.bench;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.RunHold;
import io.catalog.workflows.outbox.OutboxPublisherStatus;
import io.catalog.workflows.outbox.OutboxPublisherWorkflow;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Pauses the platform's outbox publisher workflows so that W2 can pile up a backlog, and resumes
 * exactly those it paused and that still carry its pause (one an operator had paused, before or
 * during the run, stays paused), with the signals of docs/architecture.md, "Workflows, signals and
 * queries". Its pauses carry a {@link RunHold} note naming the run, so that a run killed before it
 * resumed them leaves pauses that the next run ({@link #releaseEnded}) and a workers start
 * recognise and lift.
 */
final class PublisherControl {
  private final WorkflowClient client;
  private final PlatformNames names;
  private final String runId;

  /** The publishers this run paused, with the note of its pause. */
  private final Map<String, String> pausedHere = new LinkedHashMap<>();

  private final List<String> leftPaused = new ArrayList<>();

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
        pausedHere.put(id, note);
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String id : pausedHere.keySet()) {
      while (!"paused".equals(stub(id).status().phase())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("publisher " + id + " did not pause within " + timeout);
        }
        Thread.sleep(50); // polling a workflow query; there is no event to wait on
      }
    }
  }

  /**
   * Resumes the publishers this run paused, each only while its pause is still this run's: one that
   * somebody paused again meanwhile (a pause while paused replaces the note) is left as they left
   * it, and {@link #leftPaused} says so.
   */
  synchronized void resumeAll() {
    for (Map.Entry<String, String> paused : pausedHere.entrySet()) {
      OutboxPublisherWorkflow publisher = stub(paused.getKey());
      OutboxPublisherStatus status = publisher.status();
      if (status.paused() && Objects.equals(status.pauseNote(), paused.getValue())) {
        publisher.resume();
      } else if (status.paused()) {
        leftPaused.add(
            paused.getKey()
                + " was paused again during the run ("
                + (status.pauseNote() == null ? "no note" : "\"" + status.pauseNote() + "\"")
                + "): left paused");
      }
    }
    pausedHere.clear();
  }

  /** What {@link #resumeAll} left paused because somebody else paused it during the run. */
  synchronized List<String> leftPaused() {
    return List.copyOf(leftPaused);
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
