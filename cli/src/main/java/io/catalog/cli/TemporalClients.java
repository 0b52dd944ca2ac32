package io.catalog.cli;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;

/** A Temporal client for one command (or one chaos run), closed with it. */
public final class TemporalClients implements AutoCloseable {
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  TemporalClients(Settings settings) {
    this(settings.temporalTarget(), settings.temporalNamespace());
  }

  public TemporalClients(String target, String namespace) {
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  public WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }
}
