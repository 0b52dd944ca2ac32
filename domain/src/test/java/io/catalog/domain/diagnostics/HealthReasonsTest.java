package io.catalog.domain.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class HealthReasonsTest {

  @Test
  void aFailureIsNamedByKindNotByItsMessage() {
    assertThat(
            HealthReasons.of(
                new RuntimeException("wrapped", new ConnectException("db.internal:5432 refused"))))
        .isEqualTo("unreachable");
    assertThat(
            HealthReasons.of(
                new RuntimeException(new SQLException("FATAL: password for platform", "08001"))))
        .isEqualTo("unreachable");
    assertThat(HealthReasons.of(new HttpTimeoutException("request timed out")))
        .isEqualTo("timeout");
    assertThat(HealthReasons.of(new IllegalStateException("secret detail"))).isEqualTo("error");
  }

  @Test
  void kafkaAndGrpcFailuresAreNamedWithoutTheirLibrariesOnTheClasspathOfThisModule() {
    assertThat(
            HealthReasons.of(
                new org.apache.kafka.common.errors.TimeoutException(
                    "Timed out waiting for a node")))
        .isEqualTo("timeout");
    assertThat(
            HealthReasons.of(
                Status.DEADLINE_EXCEEDED.withDescription("deadline").asRuntimeException()))
        .isEqualTo("timeout");
    assertThat(
            HealthReasons.of(
                new RuntimeException(
                    Status.UNAVAILABLE.withDescription("io exception").asRuntimeException())))
        .isEqualTo("unreachable");
    assertThat(
            HealthReasons.of(Status.PERMISSION_DENIED.withDescription("no").asRuntimeException()))
        .isEqualTo("error");
  }
}
