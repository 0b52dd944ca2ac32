package io.catalog.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexStateTest {
  private static final Instant T = Instant.parse("2026-01-10T12:00:45Z");

  @Test
  void onlyAValidatedOrServedIndexIsWhole() {
    IndexState created = IndexState.created(T);

    assertThat(created.whole()).isFalse();
    assertThat(IndexState.UNKNOWN.whole()).isFalse();
    assertThat(created.validated(T.plusSeconds(1)).whole()).isTrue();
    assertThat(created.served(T.plusSeconds(1)).whole()).isTrue();
  }

  @Test
  void retiringKeepsWhenItServedAndRecordsThePositions() {
    IndexState retired =
        IndexState.created(T).served(T.plusSeconds(1)).retired(T.plusSeconds(2), Map.of(0, 5L));

    assertThat(retired.state()).isEqualTo(IndexState.RETIRED);
    assertThat(retired.servedAt()).isEqualTo(T.plusSeconds(1));
    assertThat(retired.retiredPositions()).isEqualTo(Map.of(0, 5L));
    // An index from before states existed was serving when the alias left it: whole from then on.
    assertThat(IndexState.UNKNOWN.retired(T, null).whole()).isTrue();
  }

  @Test
  void theMetaRoundTripsAndToleratesForeignFields() throws Exception {
    IndexState state =
        IndexState.created(T)
            .validated(T.plusSeconds(1))
            .served(T.plusSeconds(2))
            .retired(T.plusSeconds(3), Map.of(0, 10L, 2, 7L))
            .withHandoverPositions(Map.of(1, 4L));

    var meta = state.toMeta();
    meta.put("owner", "someone else");

    assertThat(IndexState.fromMeta(Json.mapper().readTree(Json.write(meta)))).isEqualTo(state);
    assertThat(IndexState.fromMeta(null)).isEqualTo(IndexState.UNKNOWN);
  }
}
