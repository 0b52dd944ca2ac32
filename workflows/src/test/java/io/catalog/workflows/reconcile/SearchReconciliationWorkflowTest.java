package io.catalog.workflows.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SearchReconciliationWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(SearchReconciliationWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  /** 40 buckets; slice 2 finds two candidates, of which one is drift and one in flight. */
  static final class Script implements ReconcileActivities {
    final TestWorkflowEnvironment env;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    volatile long comparedAt;
    volatile long confirmedAt;
    volatile CountDownLatch holdSecondSlice = new CountDownLatch(0);

    Script(TestWorkflowEnvironment env) {
      this.env = env;
    }

    @Override
    public ReconcilePlan plan() {
      calls.add("plan");
      List<String> bounds = new ArrayList<>();
      bounds.add(ReconcilePlan.LOWEST_ID);
      for (int i = 1; i < 40; i++) {
        bounds.add(String.format("%08x-0000-0000-0000-000000000000", i * 1000));
      }
      return new ReconcilePlan("product_search_v1_x", bounds, 40_000);
    }

    @Override
    public SliceReport compareSlice(SliceRequest request) {
      calls.add("compare " + request.firstBucket() + "+" + request.lowerBounds().size());
      if (request.firstBucket() > 0) {
        try {
          holdSecondSlice.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      comparedAt = env.currentTimeMillis();
      return request.firstBucket() == 2
          ? new SliceReport(request.lowerBounds().size(), 1, List.of("a", "b"), 0)
          : new SliceReport(request.lowerBounds().size(), 0, List.of(), 0);
    }

    @Override
    public ConfirmReport confirm(ConfirmRequest request) {
      calls.add("confirm " + request.ids());
      confirmedAt = env.currentTimeMillis();
      return new ConfirmReport(
          DriftCounts.of(DriftClass.MISSING), 1, 0, List.of("a"), List.of("a missing: row"));
    }

    @Override
    public RepairReport repair(ConfirmRequest request) {
      calls.add("repair " + request.ids());
      return new RepairReport(request.ids().size(), 0);
    }

    @Override
    public void recordRun(ReconcileProgress result) {
      calls.add("record " + result.phase());
    }
  }

  private Script script;

  @BeforeEach
  void registerActivities(TestWorkflowEnvironment env, Worker worker) {
    script = new Script(env);
    worker.registerActivitiesImplementations(script);
    env.start();
  }

  @Test
  void emptyInputComparesEverySliceWaitsOutTheGraceThenConfirmsAndRepairs(
      WorkflowClient client, WorkflowOptions options) {
    ReconcileProgress result =
        client.newWorkflowStub(SearchReconciliationWorkflow.class, options).run(null);

    assertThat(result.phase()).isEqualTo("completed");
    assertThat(result.bucketsChecked()).isEqualTo(40).isEqualTo(result.bucketsTotal());
    assertThat(result.bucketsDiffering()).isEqualTo(1);
    assertThat(result.candidates()).isEqualTo(2);
    assertThat(result.drift()).isEqualTo(DriftCounts.of(DriftClass.MISSING));
    assertThat(result.inFlight()).isEqualTo(1);
    assertThat(result.repaired()).isEqualTo(1);
    assertThat(script.calls)
        .containsSubsequence("plan", "compare 0+2", "compare 38+2", "confirm [a, b]", "repair [a]")
        .endsWith("record completed");
    assertThat(script.confirmedAt - script.comparedAt)
        .as("the re-check waits out the default grace period")
        .isGreaterThanOrEqualTo(ReconcileInput.DEFAULT_GRACE_SECONDS * 1000L);
  }

  @Test
  void aDryRunConfirmsButNeverRepairs(WorkflowClient client, WorkflowOptions options) {
    ReconcileProgress result =
        client
            .newWorkflowStub(SearchReconciliationWorkflow.class, options)
            .run(new ReconcileInput(true, 5, null));

    assertThat(result.dryRun()).isTrue();
    assertThat(result.drift().total()).isEqualTo(1);
    assertThat(result.repaired()).isZero();
    assertThat(script.calls).anyMatch(c -> c.startsWith("confirm"));
    assertThat(script.calls).noneMatch(c -> c.startsWith("repair"));
  }

  @Test
  void aPauseHoldsItBetweenSlicesUntilResumed(WorkflowClient client, WorkflowOptions options) {
    script.holdSecondSlice = new CountDownLatch(1);
    SearchReconciliationWorkflow wf =
        client.newWorkflowStub(SearchReconciliationWorkflow.class, options);
    WorkflowClient.start(wf::run, new ReconcileInput(false, 1, null));
    await().atMost(Duration.ofSeconds(10)).until(() -> script.calls.contains("compare 2+2"));
    wf.pause("held for the run of bench-0a1b2c since 2026-12-07T06:00:00Z; it resumes it");
    script.holdSecondSlice.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> "paused".equals(wf.progress().phase()));
    int comparedWhilePaused = script.calls.size();
    assertThat(wf.progress().paused()).isTrue();
    assertThat(wf.progress().pauseNote()).startsWith("held for the run of bench-0a1b2c");
    assertThat(wf.progress().details()).contains("(held for the run of bench-0a1b2c since");
    assertThat(wf.progress().bucketsChecked()).isEqualTo(4);
    assertThat(script.calls).hasSize(comparedWhilePaused);

    wf.resume();
    ReconcileProgress result = WorkflowStub.fromTyped(wf).getResult(ReconcileProgress.class);
    assertThat(result.phase()).isEqualTo("completed");
    assertThat(result.bucketsChecked()).isEqualTo(40);
  }

  @Test
  void anUnusableInputFailsAtOnceNamingTheField(WorkflowClient client, WorkflowOptions options) {
    assertThatThrownBy(
            () ->
                client
                    .newWorkflowStub(SearchReconciliationWorkflow.class, options)
                    .run(new ReconcileInput(false, -1, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("graceSeconds");
    assertThat(script.calls).isEmpty();
  }
}
