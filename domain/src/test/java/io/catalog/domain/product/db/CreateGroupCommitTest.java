package io.catalog.domain.product.db;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The batching itself runs against Postgres in {@code CreateGroupCommitIT}; which failures are one
 * row's own is {@code SqlStatesTest}'s.
 */
class CreateGroupCommitTest {
  @Test
  void atLeastOneLane() {
    assertThatThrownBy(
            () -> new CreateGroupCommit(Jdbi.create("jdbc:postgresql://127.0.0.1:1/x"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lanes");
  }
}
