package io.catalog.domain.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlatformNamesTest {
  private final PlatformNames names = PlatformNames.withPrefix("it-");

  @Test
  void aReplayIdNamesTheReadModelsGroupAndTheSecondItStarted() {
    String id = names.replayWorkflowId(Instant.parse("2026-01-10T12:00:45.678Z"));
    assertThat(id).isEqualTo("it-replay-product-event-projection-group-20260110T120045Z");
    assertThat(names.isReplayWorkflowId(id)).isTrue();
  }

  @Test
  void otherIdsAreNotReplays() {
    assertThat(names.isReplayWorkflowId(null)).isFalse();
    assertThat(names.isReplayWorkflowId("it-product-search-rebuild")).isFalse();
    assertThat(names.isReplayWorkflowId("replay-product-event-projection-group-20260110T120045Z"))
        .as("another prefix")
        .isFalse();
    assertThat(names.isReplayWorkflowId("it-replay-product-event-projection-group-2026")).isFalse();
    assertThat(names.rollbackWorkflowId()).isEqualTo("it-product-search-rollback");
  }

  @Test
  void searchIndicesAreTheConcreteSnapshotsOfThisPrefix() {
    assertThat(names.isSearchIndex("it-product_search_v2_20260110_120045")).isTrue();
    assertThat(names.isSearchIndex(names.searchAlias())).isFalse();
    assertThat(names.isSearchIndex("product_search_v2_20260110_120045")).isFalse();
    assertThat(names.isSearchIndex("it-product_search_v2_2026")).isFalse();
    assertThat(names.isSearchIndex(null)).isFalse();
  }
}
