package io.catalog.operations.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.rebuild.DatabaseLoadResult;
import io.catalog.workflows.rebuild.EventCopyResult;
import io.catalog.workflows.rebuild.OffsetsSnapshot;
import io.catalog.workflows.rebuild.ProductSearchRebuildActivities;
import io.catalog.workflows.rebuild.ProductSearchRebuildWorkflowImpl;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.rebuild.RebuildPlan;
import io.catalog.workflows.rebuild.ValidationReport;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RebuildClient} against Temporal's test server, activities mocked: no I/O. */
class RebuildClientTest {
  private static final PlatformNames NAMES = PlatformNames.withPrefix("unit-");
  private final ProductSearchRebuildActivities activities =
      mock(ProductSearchRebuildActivities.class, withSettings().withoutAnnotations());
  private final CountDownLatch release = new CountDownLatch(1);
  private TestWorkflowEnvironment env;
  private RebuildClient rebuilds;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(NAMES.projectionOpsTaskQueue());
    worker.registerWorkflowImplementationTypes(ProductSearchRebuildWorkflowImpl.class);
    when(activities.inspect(anyInt()))
        .thenReturn(
            new RebuildPlan(
                "unit-product_search", "unit-product_search_v", null, List.of(), 1, 10, 10));
    when(activities.createIndex(anyString(), anyInt(), anyLong()))
        .thenAnswer(inv -> inv.getArgument(0));
    when(activities.recordEndOffsets())
        .thenReturn(new OffsetsSnapshot(Map.of(0, 0L), Map.of(0, 0L), 1));
    when(activities.loadFromDatabase(any()))
        .thenAnswer(
            inv -> {
              release.await(20, TimeUnit.SECONDS);
              return new DatabaseLoadResult("id", true, 10, 10, 0, 0, 1, 0);
            });
    when(activities.copyEvents(any()))
        .thenReturn(new EventCopyResult(Map.of(0, 0L), Map.of(0, 0L), true, 0, 0, 0, 0, 1, 0, 1));
    when(activities.validate(any()))
        .thenReturn(new ValidationReport(10, 10, 10, 10, 10, 0, 0, 0, 0, 0, 10, 0, List.of()));
    when(activities.deleteOldIndices(anyInt())).thenReturn(List.of());
    worker.registerActivitiesImplementations(activities);
    env.start();
    rebuilds = new RebuildClient(env.getWorkflowClient(), NAMES);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aSecondStartIsRefusedWhileOneRunsAndAllowedAfterItClosed() throws Exception {
    assertThat(rebuilds.status()).isEmpty();
    String firstRun = rebuilds.start(null).getRunId();

    assertThatThrownBy(() -> rebuilds.start(RebuildInput.fromKafka()))
        .isInstanceOf(RebuildAlreadyRunningException.class)
        .hasMessageContaining("already running")
        .hasMessageContaining("unit-product-search-rebuild")
        .hasMessageContaining(firstRun);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "loading".equals(rebuilds.progress().phase()));
    RebuildStatus running = rebuilds.status().orElseThrow();
    assertThat(running.running()).isTrue();
    assertThat(running.runId()).isEqualTo(firstRun);

    release.countDown();
    assertThat(rebuilds.await(Duration.ofSeconds(20)).index())
        .startsWith("unit-product_search_v1_");
    assertThat(rebuilds.status().orElseThrow().status()).isEqualTo("COMPLETED");
    assertThat(rebuilds.status().orElseThrow().progress().phase()).isEqualTo("done");

    String secondRun = rebuilds.start(RebuildInput.empty()).getRunId();
    assertThat(secondRun).isNotEqualTo(firstRun);
    rebuilds.await(Duration.ofSeconds(20));
  }

  @Test
  void startsOnTheProjectionOpsQueueWithASummaryForTheWebUi() throws Exception {
    rebuilds.start(RebuildInput.fromDatabase().with(f -> f.dryRun = true));

    WorkflowClient client = env.getWorkflowClient();
    WorkflowExecutionDescription description =
        client.newUntypedWorkflowStub(NAMES.rebuildWorkflowId()).describe();
    assertThat(description.getTaskQueue()).isEqualTo("unit-projection-ops");
    assertThat(description.getWorkflowType()).isEqualTo("ProductSearchRebuildWorkflow");
    assertThat(description.getStaticSummary())
        .isEqualTo("Rebuild `unit-product_search` from database (dry run)");
    assertThat(description.getStaticDetails()).contains("\"dryRun\":true");
    release.countDown();
    rebuilds.await(Duration.ofSeconds(20));
  }

  @Test
  void cancelWithoutARunningRebuildSaysSo() {
    assertThatThrownBy(() -> rebuilds.cancel())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no search rebuild is running");
  }
}
