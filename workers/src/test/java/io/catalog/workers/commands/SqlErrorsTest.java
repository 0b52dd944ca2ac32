package io.catalog.workers.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

  @Test
  void dataAndConstraintErrorsArePoisonEverythingElseMayPass() {
    assertThat(
            SqlErrors.dataError(
                    new RuntimeException(new SQLException("integer out of range", "22003")))
                .message())
        .isEqualTo("SQLSTATE 22003: integer out of range");
    assertThat(SqlErrors.dataError(new SQLException("violates check constraint", "23514")))
        .isNotNull();
    assertThat(
            SqlErrors.dataError(
                new RuntimeException(new SQLException("could not serialize", "40001"))))
        .isNull();
    assertThat(SqlErrors.dataError(new SQLException("deadlock detected", "40P01"))).isNull();
    assertThat(SqlErrors.dataError(new SQLException("connection refused", "08001"))).isNull();
    assertThat(SqlErrors.dataError(new IllegalStateException("no SQL at all"))).isNull();
  }
}
