package io.catalog.domain.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

class SqlStatesTest {
  @Test
  void dataAndConstraintErrorsAreTheStatementsOwnFault() {
    assertThat(dataError(wrapped("23514"))).as("check violation").isNotNull();
    assertThat(dataError(wrapped("23505"))).as("unique").isNotNull();
    SQLException outOfRange = new SQLException("integer out of range", "22003");
    assertThat(dataError(new RuntimeException(outOfRange))).isSameAs(outOfRange);
  }

  @Test
  void anOutageAConflictOrNoSqlAtAllMayPass() {
    assertThat(dataError(wrapped("08006"))).as("connection").isNull();
    assertThat(dataError(wrapped("57P01"))).as("admin shutdown").isNull();
    assertThat(dataError(wrapped("40001"))).as("serialization").isNull();
    assertThat(dataError(wrapped("40P01"))).as("deadlock").isNull();
    assertThat(dataError(wrapped(null))).as("no state").isNull();
    assertThat(dataError(new IllegalStateException("no SQL at all"))).isNull();
  }

  @Test
  void aFailedJdbcBatchIsJudgedByTheStateItCarries() {
    // pgjdbc's batch exception carries the failing row's state and wraps that row's error.
    SQLException row = new SQLException("violates check constraint", "23514");
    BatchUpdateException batch =
        new BatchUpdateException("entry 3 aborted", "23514", 0, new int[0], row);
    assertThat(dataError(new UnableToExecuteStatementException(batch, null))).isSameAs(batch);
  }

  @Test
  void theFirstStateDecidesNotOneFurtherDown() {
    SQLException lost =
        new SQLException("connection lost", "08006", new SQLException("x", "23505"));
    assertThat(dataError(lost)).isNull();
    assertThat(first(new RuntimeException(lost))).isSameAs(lost);
  }

  @Test
  void aCauseThatIsItselfEndsTheWalk() {
    RuntimeException loop =
        new RuntimeException("cause is this") {
          @Override
          public synchronized Throwable getCause() {
            return this;
          }
        };
    assertThat(first(loop)).isNull();
  }

  // SQLException is Iterable: as Throwable the assertions are the throwable ones, unambiguous.
  private static Throwable dataError(Throwable failure) {
    return SqlStates.dataError(failure);
  }

  private static Throwable first(Throwable failure) {
    return SqlStates.first(failure);
  }

  private static RuntimeException wrapped(String sqlState) {
    return new UnableToExecuteStatementException(new SQLException("failed", sqlState), null);
  }
}
