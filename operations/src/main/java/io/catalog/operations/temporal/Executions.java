package io.catalog.operations.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How the clients read a workflow execution: its latest run's status by the short name operators
 * see in the Web UI and in tctl ({@code RUNNING}, {@code COMPLETED}, {@code FAILED}, {@code
 * CANCELED}, {@code TERMINATED}, {@code CONTINUED_AS_NEW}, {@code TIMED_OUT}) and a query's answer
 * when a worker is there to give it.
 */
public final class Executions {
  private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";

  private Executions() {}

  /**
   * The latest run of {@code workflowId}, with its answer to {@code query} (null when no worker
   * answered: the status alone still says a lot).
   *
   * @param <T> the query's answer
   */
  public record Described<T>(String workflowId, String runId, String status, T answer) {
    public boolean running() {
      return "RUNNING".equals(status);
    }
  }

  /** A signal sent to a workflow whose latest run has ended. */
  public static final class NotRunningException extends RuntimeException {
    private final String status;

    NotRunningException(String workflowId, String status) {
      super(workflowId + " is " + status);
      this.status = status;
    }

    /** The ended run's status: COMPLETED, FAILED, CANCELED, TERMINATED, TIMED_OUT. */
    public String status() {
      return status;
    }
  }

  /**
   * Options for a workflow that runs one at a time under a fixed id: a second start is refused
   * while one runs (conflict policy FAIL), a new run is allowed once the previous one closed,
   * whatever its outcome.
   */
  public static WorkflowOptions.Builder oneAtATime(String workflowId, String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
  }

  /**
   * Sends {@code signal}, with {@code args} as its input, to the latest run of {@code workflowId}.
   *
   * @throws WorkflowNotFoundException when there is no such workflow
   * @throws NotRunningException when its latest run has ended
   */
  public static void signal(
      WorkflowClient client, String workflowId, String signal, Object... args) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    try {
      stub.signal(signal, args);
    } catch (WorkflowNotFoundException e) {
      // Also thrown for a closed run: tell the two apart by what describe says.
      String status = shortName(stub.describe().getStatus());
      throw new NotRunningException(workflowId, status);
    }
  }

  /** Whether the latest run of {@code workflowId} is open; false when there is none. */
  public static boolean running(WorkflowClient client, String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  /** {@code WORKFLOW_EXECUTION_STATUS_RUNNING} → {@code RUNNING}. */
  public static String shortName(WorkflowExecutionStatus status) {
    String name = status.name();
    return name.startsWith(STATUS_PREFIX) ? name.substring(STATUS_PREFIX.length()) : name;
  }

  /** Empty when there is no such workflow; other Temporal errors are thrown. */
  public static <T> Optional<Described<T>> describe(
      WorkflowClient client, String workflowId, String query, Class<T> answer) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    WorkflowExecutionDescription description;
    try {
      description = stub.describe();
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(
        new Described<>(
            workflowId,
            description.getExecution().getRunId(),
            shortName(description.getStatus()),
            queryOrNull(stub, query, answer)));
  }

  /** The answer to {@code query}, or null when no worker answered it. */
  public static <T> T queryOrNull(WorkflowStub stub, String query, Class<T> answer) {
    try {
      return stub.query(query, answer);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether Temporal answered NOT_FOUND (gRPC) anywhere in {@code e}'s cause chain: the schedule,
   * workflow or run asked about does not exist. The SDK wraps that status differently per call.
   */
  public static boolean notFound(Throwable e) {
    return answers(e).anyMatch(s -> s.getCode() == Status.Code.NOT_FOUND);
  }

  /**
   * The gRPC statuses Temporal answered with: those of the {@link StatusRuntimeException}s in
   * {@code e}'s cause chain, outermost first; none when the failure carries none (it never reached
   * the server's answer, or failed on this side).
   */
  public static Stream<Status> answers(Throwable e) {
    return Stream.iterate(e, Objects::nonNull, Throwable::getCause)
        .filter(StatusRuntimeException.class::isInstance)
        .map(t -> ((StatusRuntimeException) t).getStatus());
  }
}
