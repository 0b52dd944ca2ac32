package io.catalog.operations.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class ExecutionsTest {
  @Test
  void theAnswersAreTheGrpcStatusesInTheCauseChain() {
    RuntimeException wrapped =
        new IllegalStateException(
            "describe failed",
            new RuntimeException(
                new StatusRuntimeException(
                    Status.NOT_FOUND.withDescription("workflow not found for ID: x"))));

    assertThat(Executions.answers(wrapped).map(Status::getCode))
        .containsExactly(Status.Code.NOT_FOUND);
    assertThat(Executions.answers(wrapped).findFirst().orElseThrow().getDescription())
        .isEqualTo("workflow not found for ID: x");
    assertThat(Executions.notFound(wrapped)).isTrue();
  }

  @Test
  void aNotFoundBelowAnotherStatusIsStillNotFound() {
    RuntimeException nested =
        Status.INTERNAL.withCause(Status.NOT_FOUND.asRuntimeException()).asRuntimeException();

    assertThat(Executions.answers(nested).map(Status::getCode))
        .containsExactly(Status.Code.INTERNAL, Status.Code.NOT_FOUND);
    assertThat(Executions.notFound(nested)).isTrue();
  }

  @Test
  void anotherStatusOrNoneIsNotNotFound() {
    RuntimeException unavailable =
        new RuntimeException(new StatusRuntimeException(Status.UNAVAILABLE));

    assertThat(Executions.notFound(unavailable)).isFalse();
    assertThat(Executions.answers(unavailable).map(Status::getCode))
        .containsExactly(Status.Code.UNAVAILABLE);
    assertThat(Executions.answers(new IllegalStateException("local"))).isEmpty();
    assertThat(Executions.notFound(new IllegalStateException("local"))).isFalse();
  }
}
