package io.catalog.operations.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class ExecutionsTest {
  @Test
  void theAnswerIsTheFirstGrpcStatusInTheCauseChain() {
    RuntimeException wrapped =
        new IllegalStateException(
            "describe failed",
            new RuntimeException(
                new StatusRuntimeException(
                    Status.NOT_FOUND.withDescription("workflow not found for ID: x"))));

    assertThat(Executions.answer(wrapped))
        .get()
        .extracting(Status::getCode)
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(Executions.answer(wrapped).get().getDescription())
        .isEqualTo("workflow not found for ID: x");
    assertThat(Executions.notFound(wrapped)).isTrue();
  }

  @Test
  void anotherStatusOrNoneIsNotNotFound() {
    RuntimeException unavailable =
        new RuntimeException(new StatusRuntimeException(Status.UNAVAILABLE));

    assertThat(Executions.notFound(unavailable)).isFalse();
    assertThat(Executions.answer(unavailable))
        .get()
        .extracting(Status::getCode)
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(Executions.answer(new IllegalStateException("local"))).isEmpty();
    assertThat(Executions.notFound(new IllegalStateException("local"))).isFalse();
  }
}
