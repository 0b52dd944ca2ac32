package io.catalog.workflows.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

class OutboxCleanupWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(OutboxCleanupWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final OutboxCleanupActivities activities =
      mock(OutboxCleanupActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void registerActivities(TestWorkflowEnvironment env, Worker worker) {
    when(activities.deletePublishedBefore(anyString(), anyInt())).thenReturn(12L);
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  @Test
  void defaultsToSevenDays(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    Instant started = Instant.ofEpochMilli(env.currentTimeMillis());
    long deleted = client.newWorkflowStub(OutboxCleanupWorkflow.class, options).run(null);

    assertThat(deleted).isEqualTo(12);
    Instant expected = started.minus(Duration.ofDays(7));
    ArgumentCaptor<String> cutoff = ArgumentCaptor.forClass(String.class);
    verify(activities).deletePublishedBefore(cutoff.capture(), eq(10_000));
    assertThat(Duration.between(Instant.parse(cutoff.getValue()), expected).abs())
        .isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void takesAnIsoDuration(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    Instant started = Instant.ofEpochMilli(env.currentTimeMillis());
    client
        .newWorkflowStub(OutboxCleanupWorkflow.class, options)
        .run(new OutboxCleanupInput("PT1H", 50));

    ArgumentCaptor<String> cutoff = ArgumentCaptor.forClass(String.class);
    verify(activities).deletePublishedBefore(cutoff.capture(), eq(50));
    Instant expected = started.minus(Duration.ofHours(1));
    assertThat(Duration.between(Instant.parse(cutoff.getValue()), expected).abs())
        .isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void rejectsAMalformedDuration(WorkflowClient client, WorkflowOptions options) {
    assertThatThrownBy(
            () ->
                client
                    .newWorkflowStub(OutboxCleanupWorkflow.class, options)
                    .run(new OutboxCleanupInput("7 days", null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("ISO-8601");
  }
}
