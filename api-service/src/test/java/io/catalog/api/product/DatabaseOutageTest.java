package io.catalog.api.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

  @Test
  void aRefusedOrLostConnectionAndAServerShuttingDownAreOutages() {
    assertThat(DatabaseOutage.isOutage(new SQLException("Connection refused", "08001"))).isTrue();
    assertThat(
            DatabaseOutage.isOutage(
                new UnableToExecuteStatementException(
                    new SQLException("I/O error", "08006"), null)))
        .isTrue();
    assertThat(
            DatabaseOutage.isOutage(
                new RuntimeException(
                    new SQLException(
                        "terminating connection due to administrator command", "57P01"))))
        .isTrue();
  }

  @Test
  void aBrokenStatementOrAnyOtherFailureIsNot() {
    assertThat(DatabaseOutage.isOutage(new SQLException("syntax error", "42601"))).isFalse();
    assertThat(DatabaseOutage.isOutage(new SQLException("no state"))).isFalse();
    assertThat(DatabaseOutage.isOutage(new IllegalStateException("bug"))).isFalse();
  }
}
