package io.catalog.search.projection;

import static io.catalog.search.projection.WriteOutcome.OK;
import static io.catalog.search.projection.WriteOutcome.PERMANENT;
import static io.catalog.search.projection.WriteOutcome.TRANSIENT;
import static io.catalog.search.projection.WriteOutcome.VERSION_CONFLICT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteOutcomeTest {
  @Test
  void sortsBulkItemAnswers() {
    assertThat(WriteOutcome.classify(201, null)).isEqualTo(OK);
    assertThat(WriteOutcome.classify(200, null)).isEqualTo(OK);
    assertThat(WriteOutcome.classify(409, "version_conflict_engine_exception"))
        .isEqualTo(VERSION_CONFLICT);
    assertThat(WriteOutcome.classify(400, "document_parsing_exception")).isEqualTo(PERMANENT);
    assertThat(WriteOutcome.classify(400, "strict_dynamic_mapping_exception")).isEqualTo(PERMANENT);
    assertThat(WriteOutcome.classify(400, "illegal_argument_exception")).isEqualTo(PERMANENT);
    assertThat(WriteOutcome.classify(429, "es_rejected_execution_exception")).isEqualTo(TRANSIENT);
    assertThat(WriteOutcome.classify(429, "circuit_breaking_exception")).isEqualTo(TRANSIENT);
    assertThat(WriteOutcome.classify(503, "unavailable_shards_exception")).isEqualTo(TRANSIENT);
    assertThat(WriteOutcome.classify(500, null)).isEqualTo(TRANSIENT);
    assertThat(WriteOutcome.classify(404, "index_not_found_exception")).isEqualTo(TRANSIENT);
  }

  @Test
  void onlyWrittenAndSupersededCountAsApplied() {
    assertThat(OK.applied()).isTrue();
    assertThat(VERSION_CONFLICT.applied()).isTrue();
    assertThat(PERMANENT.applied()).isFalse();
    assertThat(TRANSIENT.applied()).isFalse();
  }
}
