package io.catalog.cli.bench;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.outbox.OutboxPublisherStatus;
import io.catalog.workflows.outbox.OutboxPublisherWorkflow;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pauses the platform's outbox publisher workflows so that W2 can pile up a backlog, and resumes
 * exactly those it paused (one an operator had paused stays paused), with the signals of
 * docs/architecture.md, "Workflows, signals and queries".
 */
final class PublisherControl {
  private final WorkflowClient client;
  private final PlatformNames names;
  private final List<String> pausedHere = new ArrayList<>();

  PublisherControl(WorkflowClient client, PlatformNames names) {
    this.client = client;
    this.names = names;
  }

  /** Pauses every running shard and waits until each has finished its batch in hand. */
  synchronized void pauseAll(Duration timeout) throws InterruptedException {
    OutboxPublisherStatus first = stub(names.outboxPublisherWorkflowId(0)).status();
    for (int shard = 0; shard < first.shards(); shard++) {
      String id = names.outboxPublisherWorkflowId(shard);
      OutboxPublisherWorkflow publisher = stub(id);
      if (!publisher.status().paused()) {
        publisher.pause();
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

  private OutboxPublisherWorkflow stub(String id) {
    return client.newWorkflowStub(OutboxPublisherWorkflow.class, id);
  }
}
