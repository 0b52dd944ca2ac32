package io.catalog.search.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Timestamps in an envelope: {@link ProductEvents#readTimestamp} where it reads them, {@link
 * OffsetDateTime#parse} for the other shapes, a named refusal for what neither reads.
 */
class EnvelopeReaderTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-10T12:00:45.123+01:00",
        "2026-01-10T12:00:45Z",
        "2026-01-10T12:00:45.123456Z",
        "2026-01-10t12:00:45.123Z",
      })
  void otherShapesAreLeftToTheFullParser(String text) {
    assertThat(ProductEvents.readTimestamp(text)).isNull();
    assertThat(EnvelopeReader.instant(node(text), "at"))
        .isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-13-10T12:00:45.123Z",
        "2026-02-30T12:00:45.123Z",
        "2026-01-10T24:00:00.000Z",
        "2026-01-10T12:00:60.000Z",
        "2026-01-1xT12:00:45.123Z",
        "2026-01-１0T12:00:45.123Z",
        "+026-01-10T12:00:45.123Z",
      })
  void whatNeitherReadsIsMalformedAndNamed(String text) {
    assertThat(ProductEvents.readTimestamp(text)).isNull();
    assertThatThrownBy(() -> EnvelopeReader.instant(node(text), "at"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("at: must be an ISO-8601 date-time with offset");
  }

  private static ObjectNode node(String text) {
    return Json.mapper().createObjectNode().put("at", text);
  }
}
