package io.catalog.workflows.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays a recorded history of a successful rebuild (with a pause and a resume) against the
 * current implementation on every build: a change that alters the commands a running rebuild
 * already recorded fails here instead of failing rebuilds in flight during a deployment.
 *
 * <p>To record it again after an intended, versioned change: {@code mvn -pl workflows test
 * -Dtest=ProductSearchRebuildReplayTest -Drecord.histories=true}.
 */
class ProductSearchRebuildReplayTest {
  static final String HISTORY = "histories/rebuild-success.json";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ProductSearchRebuildWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  @Test
  void recordedSuccessfulRebuildReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        HISTORY, ProductSearchRebuildWorkflowImpl.class);
  }

  @Test
  void anIncompatibleChangeFailsTheReplay() {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    HISTORY, ReorderedRebuildWorkflowImpl.class))
        // The replayer reports the NonDeterministicException inside its message.
        .hasMessageContaining(NonDeterministicException.class.getName())
        .hasMessageContaining("RebuildRecordEndOffsets");
  }

  @Test
  @EnabledIfSystemProperty(named = "record.histories", matches = "true")
  void recordSuccessfulRebuild(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options)
      throws Exception {
    RebuildScript script = new RebuildScript();
    CountDownLatch hold = new CountDownLatch(1);
    script.holdFirstLoad = hold;
    worker.registerActivitiesImplementations(
        mock(
            ProductSearchRebuildActivities.class,
            withSettings().withoutAnnotations().defaultAnswer(delegatesTo(script))));
    env.start();
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRebuildWorkflow.TYPE, options);
    stub.start(RebuildInput.empty());
    await().atMost(Duration.ofSeconds(20)).until(() -> script.calls.contains("loadFromDatabase"));
    stub.signal("pause");
    hold.countDown();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> stub.query("progress", RebuildProgress.class).processed() == 1000);
    stub.signal("resume");
    assertThat(stub.getResult(RebuildResult.class).loaded()).isEqualTo(2500);

    String json = client.fetchHistory(stub.getExecution().getWorkflowId()).toJson(true);
    Files.writeString(Path.of("src/test/resources", HISTORY), json);
  }
}
