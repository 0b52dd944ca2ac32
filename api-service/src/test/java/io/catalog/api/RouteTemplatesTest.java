package io.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {
  @Test
  void aVariablesRegularExpressionIsNotPartOfTheRoute() {
    assertThat(RouteTemplates.withoutPatterns("/products/{id: (?!search$)[^/]+}"))
        .isEqualTo("/products/{id}");
    assertThat(RouteTemplates.withoutPatterns("/x/{day: [0-9]{2}}/{b}")).isEqualTo("/x/{day}/{b}");
    assertThat(RouteTemplates.withoutPatterns("/ops/replays/{id}")).isEqualTo("/ops/replays/{id}");
  }

  @Test
  void partsJoinWithSingleSlashes() {
    assertThat(RouteTemplates.join(List.of("/ops/replays/{id}", "pause")))
        .isEqualTo("/ops/replays/{id}/pause");
    assertThat(RouteTemplates.join(List.of("/products/{id: (?!search$)[^/]+}")))
        .isEqualTo("/products/{id}");
    assertThat(RouteTemplates.join(List.of("/ops/dlq", "/replay"))).isEqualTo("/ops/dlq/replay");
    assertThat(RouteTemplates.join(List.of("/", ""))).isEqualTo("/");
  }
}
