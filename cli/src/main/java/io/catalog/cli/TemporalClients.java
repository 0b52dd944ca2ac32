package io.catalog.cli;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/** A Temporal client for one command, closed with it. */
final class TemporalClients implements AutoCloseable {
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  TemporalClients(Settings settings) {
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(settings.temporalTarget()).build());
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(settings.temporalNamespace()).build());
  }

  WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    stubs.shutdown();
  }
}
