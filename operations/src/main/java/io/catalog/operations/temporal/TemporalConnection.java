package io.catalog.operations.temporal;

import io.catalog.domain.config.Endpoints;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;

/**
 * The one way the platform connects to Temporal: service stubs to {@code TEMPORAL_TARGET} and a
 * workflow client on {@code TEMPORAL_NAMESPACE}, closed together. The stubs connect lazily, so a
 * process starts (and reports itself unhealthy) while Temporal is down; the workers, the API, the
 * CLI and the bench all open theirs here.
 */
public final class TemporalConnection implements AutoCloseable {
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String namespace;

  private TemporalConnection(String target, String namespace) {
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    this.namespace = namespace;
  }

  public static TemporalConnection open(Endpoints endpoints) {
    return open(endpoints.temporalTarget(), endpoints.temporalNamespace());
  }

  public static TemporalConnection open(String target, String namespace) {
    return new TemporalConnection(target, namespace);
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  /** A schedule client on the same stubs and namespace. */
  public ScheduleClient schedules() {
    return ScheduleClient.newInstance(
        stubs, ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }
}
