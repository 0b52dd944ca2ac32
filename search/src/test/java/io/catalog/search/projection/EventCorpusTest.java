package io.catalog.search.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every product event ever written stays readable: the committed corpus under {@code
 * event-corpus/v<schema_version>/} holds real events of each schema version ({@code
 * NAME.event.json}, the record value as its release wrote it) beside the {@code _source} the
 * projection must index for it ({@code NAME.document.json}, without {@code indexed_at}). Each event
 * goes through the projection's own reader ({@link ProductDocument#fromJson}, so through {@link
 * ProductEventUpcaster}) and its document is compared field by field: an upcaster that drops or
 * changes a field fails here.
 *
 * <p>The rule: files in the corpus are never edited, only added. An event once written is on
 * topics, in dead-letter tables and in backups as it was; if a change makes an old file fail, the
 * change is wrong, not the file. A new schema version adds a {@code v<N>} directory with its own
 * events, and may add events to older directories (a case not covered yet), never rewrite them.
 */
class EventCorpusTest {
  private static final String EVENT = ".event.json";
  private static final String DOCUMENT = ".document.json";

  static Stream<Path> events() throws IOException, URISyntaxException {
    Path root = Path.of(EventCorpusTest.class.getResource("/event-corpus").toURI());
    List<Path> events = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.getFileName().toString().endsWith(EVENT)).sorted().forEach(events::add);
    }
    return events.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void eachEventProjectsToItsDocument(Path event) throws IOException {
    Path documentFile = sibling(event, DOCUMENT);
    assertThat(documentFile).as("the expected document of " + event).exists();
    JsonNode expected = Json.mapper().readTree(Files.readAllBytes(documentFile));
    ObjectNode actual = ProductDocument.fromJson(Files.readAllBytes(event)).toSource(Instant.EPOCH);
    actual.remove("indexed_at");

    assertThat(names(actual)).as("the document's fields").isEqualTo(names(expected));
    for (String field : names(expected)) {
      assertSame(field, expected.get(field), actual.get(field));
    }
  }

  @Test
  void everySchemaVersionThisReleaseReadsHasEventsAndEveryDocumentHasItsEvent() throws Exception {
    Path root = Path.of(EventCorpusTest.class.getResource("/event-corpus").toURI());
    for (int v = ProductEventUpcaster.OLDEST; v <= ProductEventUpcaster.CURRENT; v++) {
      Path dir = root.resolve("v" + v);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.filter(f -> f.toString().endsWith(EVENT)).count())
            .as("events in " + dir)
            .isPositive();
      }
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path doc : files.filter(f -> f.toString().endsWith(DOCUMENT)).toList()) {
        assertThat(sibling(doc, EVENT)).as("the event of " + doc).exists();
      }
    }
  }

  @Test
  void eachEventIsOfTheVersionItsDirectoryNames() throws Exception {
    for (Path event : events().toList()) {
      int version = Json.mapper().readTree(Files.readAllBytes(event)).get("schema_version").asInt();
      assertThat(event.getParent().getFileName()).as(event.toString()).hasToString("v" + version);
    }
  }

  /** Numbers by value ({@code 19.9} is {@code 19.90}), everything else by type and text. */
  private static void assertSame(String field, JsonNode want, JsonNode have) {
    if (want.isNumber() && have.isNumber()) {
      assertThat(have.decimalValue()).as(field).isEqualByComparingTo(want.decimalValue());
    } else {
      assertThat(have.getNodeType()).as(field + " type").isEqualTo(want.getNodeType());
      assertThat(have.asText()).as(field).isEqualTo(want.asText());
    }
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Path sibling(Path file, String suffix) {
    String name = file.getFileName().toString();
    String stem = name.substring(0, name.indexOf('.'));
    return file.resolveSibling(stem + suffix);
  }
}
