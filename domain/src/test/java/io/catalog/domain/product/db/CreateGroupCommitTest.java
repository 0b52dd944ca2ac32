package io.catalog.domain.product.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a batch are one row's own (so each create is retried alone) and which are every
 * caller's answer as they are. The batching itself runs against Postgres in {@code
 * CreateGroupCommitIT}.
 */
class CreateGroupCommitTest {
  @Test
  void dataAndConstraintErrorsAreARowsOwnFault() {
    assertThat(CreateGroupCommit.isRowsOwnFault(wrapped("23514"))).as("check violation").isTrue();
    assertThat(CreateGroupCommit.isRowsOwnFault(wrapped("23505"))).as("unique").isTrue();
    assertThat(CreateGroupCommit.isRowsOwnFault(wrapped("22003"))).as("out of range").isTrue();
  }

  @Test
  void anOutageOrAnUnknownFailureIsEveryonesAnswer() {
    assertThat(CreateGroupCommit.isRowsOwnFault(wrapped("08006"))).as("connection").isFalse();
    assertThat(CreateGroupCommit.isRowsOwnFault(wrapped("57P01"))).as("admin shutdown").isFalse();
    assertThat(CreateGroupCommit.isRowsOwnFault(wrapped(null))).as("no state").isFalse();
    assertThat(CreateGroupCommit.isRowsOwnFault(new IllegalStateException("x"))).isFalse();
  }

  @Test
  void atLeastOneLane() {
    assertThatThrownBy(
            () -> new CreateGroupCommit(Jdbi.create("jdbc:postgresql://127.0.0.1:1/x"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lanes");
  }

  private static RuntimeException wrapped(String sqlState) {
    return new UnableToExecuteStatementException(new SQLException("failed", sqlState), null);
  }
}
