package io.catalog.workflows.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class ProductSearchRollbackWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ProductSearchRollbackWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final ProductSearchRollbackActivities activities =
      mock(ProductSearchRollbackActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void registerActivities(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  @Test
  void movesTheAliasToThePlannedIndexGuardedByTheCurrentTarget(
      WorkflowClient client, WorkflowOptions options) {
    when(activities.plan(null))
        .thenReturn(
            new RollbackPlan("product_search", "product_search_v1_b", "product_search_v1_a"));
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRollbackWorkflow.TYPE, options);
    stub.start();

    RollbackResult result = stub.getResult(RollbackResult.class);

    assertThat(result)
        .isEqualTo(
            new RollbackResult("product_search", "product_search_v1_b", "product_search_v1_a"));
    InOrder order = inOrder(activities);
    order.verify(activities).plan(null);
    order.verify(activities).moveAlias("product_search_v1_b", "product_search_v1_a");
  }

  @Test
  void nothingToRollBackToFailsWithoutMovingAnything(
      WorkflowClient client, WorkflowOptions options) {
    when(activities.plan(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "no index older than x", "NothingToRollBackTo"));
    ProductSearchRollbackWorkflow wf =
        client.newWorkflowStub(ProductSearchRollbackWorkflow.class, options);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> wf.run(new RollbackInput("v0")));

    assertThat(((ApplicationFailure) failure.getCause().getCause()).getType())
        .isEqualTo("NothingToRollBackTo");
    verify(activities, never()).moveAlias(any(), any());
  }
}
