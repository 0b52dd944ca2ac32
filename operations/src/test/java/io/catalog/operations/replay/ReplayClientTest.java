package io.catalog.operations.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.replay.ReplayActivities;
import io.catalog.workflows.replay.ReplayBatchRequest;
import io.catalog.workflows.replay.ReplayBatchResult;
import io.catalog.workflows.replay.ReplayInput;
import io.catalog.workflows.replay.ReplayPlan;
import io.catalog.workflows.replay.ReplayWorkflowImpl;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code platform replay status} gets from a replay whose batches keep failing. */
class ReplayClientTest {
  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  /** One partition of 100 offsets; every apply fails as with Elasticsearch down. */
  static final class ElasticsearchDown implements ReplayActivities {
    @Override
    public ReplayPlan plan(String from) {
      return new ReplayPlan(
          "product.events", from, new TreeMap<>(Map.of(0, 0L)), new TreeMap<>(Map.of(0, 100L)));
    }

    @Override
    public ReplayBatchResult applyBatch(ReplayBatchRequest request) {
      throw new IllegalStateException(
          "100 records could not be applied for 2 minutes (Elasticsearch unavailable?)");
    }
  }

  @Test
  void aReplayWhoseAppliesKeepFailingIsShownFailedWithItsCause() {
    PlatformNames names = PlatformNames.DEFAULT;
    Worker worker = env.newWorker(names.projectionOpsTaskQueue());
    worker.registerWorkflowImplementationTypes(ReplayWorkflowImpl.class);
    worker.registerActivitiesImplementations(new ElasticsearchDown());
    env.start();
    ReplayClient replays = new ReplayClient(env.getWorkflowClient(), names);
    String id =
        replays.start(ReplayInput.empty(), Instant.parse("2026-01-10T12:00:45Z")).getWorkflowId();

    env.sleep(Duration.ofMinutes(20));

    ReplayStatus status = replays.status(id).orElseThrow();
    assertThat(status.status()).isEqualTo("FAILED");
    assertThat(status.failure())
        .startsWith("replay failed at {0=0} after retrying for up to 15 min")
        .contains("Elasticsearch unavailable?");
    assertThat(status.progress().phase()).isEqualTo("failed");
    assertThat(status.running()).isFalse();
  }
}
