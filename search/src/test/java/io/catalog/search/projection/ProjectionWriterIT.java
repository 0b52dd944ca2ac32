package io.catalog.search.projection;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.Product;
import io.catalog.search.SearchClients;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.testing.EsIt;
import io.catalog.search.testing.Products;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ProjectionWriterIT {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWriterIT.class);

  private static EsIt es;
  private static SearchIndexes indexes;
  private static ProjectionWriter writer;

  @BeforeAll
  static void open() throws IOException {
    es = EsIt.open();
    indexes = es.indexes();
    indexes.ensureAlias();
    writer = new ProjectionWriter(es.client, es.names);
  }

  @AfterAll
  static void close() {
    es.close();
  }

  @Test
  void shuffledAndReplayedVersionsEndAtTheNewest() throws IOException {
    UUID id = UUID.randomUUID();
    List<EventEnvelope> events = new ArrayList<>();
    for (int v = 1; v <= 5; v++) {
      events.add(Products.event(Products.product(id, v, "Lamp v" + v, v + ".50", v)));
    }
    List<EventEnvelope> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(7));
    if (shuffled.get(shuffled.size() - 1) == events.get(4)) {
      Collections.swap(shuffled, 0, shuffled.size() - 1); // the newest must not simply come last
    }

    for (EventEnvelope e : shuffled) {
      assertThat(writer.write(List.of(e)).noTransients()).isTrue();
    }
    BulkWriteResult replay = writer.write(shuffled);

    assertThat(replay.results())
        .extracting(EventWriteResult::outcome)
        .containsOnly(WriteOutcome.VERSION_CONFLICT);
    ObjectNode doc = source(id);
    assertThat(doc.get("version").asLong()).isEqualTo(5);
    assertThat(doc.get("title").asText()).isEqualTo("Lamp v5");
    assertThat(doc.get("price_exact").asText()).isEqualTo("5.50");
    assertThat(doc.get("event_id").asText()).isEqualTo(events.get(4).eventId().toString());
  }

  @Test
  void oneBatchInAnyOrderAlsoEndsAtTheNewest() throws IOException {
    UUID id = UUID.randomUUID();
    List<EventEnvelope> batch = new ArrayList<>();
    for (int v = 5; v >= 1; v--) {
      batch.add(Products.event(Products.product(id, v, "Chair v" + v, "10", v)));
    }

    BulkWriteResult result = writer.write(batch);

    assertThat(result.results())
        .extracting(EventWriteResult::outcome)
        .containsExactly(
            WriteOutcome.OK,
            WriteOutcome.VERSION_CONFLICT,
            WriteOutcome.VERSION_CONFLICT,
            WriteOutcome.VERSION_CONFLICT,
            WriteOutcome.VERSION_CONFLICT);
    assertThat(source(id).get("version").asLong()).isEqualTo(5);
  }

  @Test
  void anOlderUpdateAfterTheDeleteLeavesTheProductDeleted() throws IOException {
    UUID id = UUID.randomUUID();
    Product v3 = Products.product(id, 3, "Table", "99.00", 1);
    Product v4 = Products.deleted(v3);

    assertThat(writer.write(List.of(Products.event(v4))).results().get(0).outcome())
        .isEqualTo(WriteOutcome.OK);
    EventWriteResult late = writer.write(List.of(Products.event(v3))).results().get(0);

    assertThat(late.outcome()).isEqualTo(WriteOutcome.VERSION_CONFLICT);
    assertThat(late.status()).isEqualTo(409);
    ObjectNode doc = source(id);
    assertThat(doc.get("deleted").asBoolean()).isTrue();
    assertThat(doc.get("version").asLong()).isEqualTo(4);
  }

  @Test
  void aDocumentTheMappingRejectsIsPermanentWhileTheRestOfTheBatchLands() throws IOException {
    // An index whose mapping disagrees with the code (title as a number) stands for a mapping bug.
    String index = indexes.indexName(1, Instant.parse("2020-01-01T00:00:00Z"));
    String body =
        "{\"mappings\":{\"dynamic\":false,\"properties\":{\"title\":{\"type\":\"long\"}}}}";
    es.client.indices().create(c -> c.index(index).withJson(new StringReader(body)));

    EventEnvelope fine1 = Products.event(Products.product(UUID.randomUUID(), 1, "100", "1", 1));
    EventEnvelope rejected =
        Products.event(Products.product(UUID.randomUUID(), 1, "Desk lamp", "1", 1));
    EventEnvelope fine2 = Products.event(Products.product(UUID.randomUUID(), 1, "300", "1", 1));
    EventEnvelope wrongSchema =
        new EventEnvelope(
            UUID.randomUUID(),
            "product.created",
            ProductEventUpcaster.CURRENT + 1,
            "product",
            UUID.randomUUID(),
            1,
            Instant.now(),
            UUID.randomUUID(),
            null,
            fine1.payload());

    BulkWriteResult result = writer.write(List.of(fine1, rejected, fine2, wrongSchema), index);

    assertThat(result.results())
        .extracting(EventWriteResult::outcome)
        .containsExactly(
            WriteOutcome.OK, WriteOutcome.PERMANENT, WriteOutcome.OK, WriteOutcome.PERMANENT);
    EventWriteResult parse = result.results().get(1);
    assertThat(parse.status()).isEqualTo(400);
    assertThat(parse.errorType()).isEqualTo("document_parsing_exception");
    assertThat(parse.eventId()).isEqualTo(rejected.eventId());
    assertThat(result.results().get(3).errorType()).isEqualTo("UnsupportedSchemaException");
    assertThat(result.results().get(3).status()).isZero();
    assertThat(result.permanents()).hasSize(2);
    assertThat(result.noTransients()).isTrue();
    indexes.refresh(index);
    assertThat(indexes.count(index)).isEqualTo(2);
  }

  @Test
  void aMissingAliasIsTransientAndCreatesNoIndex() throws IOException {
    PlatformNames nowhere = PlatformNames.withPrefix(es.names.prefix() + "gone-");
    ProjectionWriter lost = new ProjectionWriter(es.client, nowhere);

    BulkWriteResult result =
        lost.write(List.of(Products.event(Products.product(UUID.randomUUID(), 1, "Mug", "3", 1))));

    assertThat(result.transients())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(404);
              assertThat(r.errorType()).isEqualTo("index_not_found_exception");
            });
    assertThat(es.client.indices().exists(e -> e.index(nowhere.searchAlias())).value()).isFalse();
  }

  @Test
  void anUnreachableClusterMakesTheWholeBatchTransient() throws IOException {
    try (ElasticsearchClient dead = SearchClients.create("http://127.0.0.1:1")) {
      ProjectionWriter cut = new ProjectionWriter(dead, es.names);
      List<EventEnvelope> batch =
          List.of(
              Products.event(Products.product(UUID.randomUUID(), 1, "A", "1", 1)),
              Products.event(Products.product(UUID.randomUUID(), 1, "B", "1", 1)));

      BulkWriteResult result = cut.write(batch);

      assertThat(result.results())
          .extracting(EventWriteResult::outcome)
          .containsExactly(WriteOutcome.TRANSIENT, WriteOutcome.TRANSIENT);
      assertThat(result.results().get(0).eventId()).isEqualTo(batch.get(0).eventId());
    }
  }

  @Test
  void bulkLoadIntoAFreshIndex() throws IOException {
    String index = indexes.createIndex(1, Instant.parse("2021-01-01T00:00:00Z"), true);
    int total = 10_000;
    int batchSize = 1_000;
    List<List<EventEnvelope>> batches = new ArrayList<>();
    for (int b = 0; b < total / batchSize; b++) {
      List<EventEnvelope> batch = new ArrayList<>();
      for (int i = 0; i < batchSize; i++) {
        batch.add(
            Products.event(
                Products.product(
                    UUID.randomUUID(), 1 + i % 3, "Product " + b + "-" + i, "12.34", i)));
      }
      batches.add(batch);
    }

    long begin = System.nanoTime();
    for (List<EventEnvelope> batch : batches) {
      assertThat(writer.write(batch, index).count(WriteOutcome.OK)).isEqualTo(batchSize);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    long replayBegin = System.nanoTime();
    for (List<EventEnvelope> batch : batches) {
      assertThat(writer.write(batch, index).count(WriteOutcome.VERSION_CONFLICT))
          .isEqualTo(batchSize);
    }
    double replaySeconds = (System.nanoTime() - replayBegin) / 1e9;
    LOG.info(
        "bulk load: {} docs in {} s = {} docs/s (1 stream, batches of {}, refresh off); replay (all"
            + " conflicts) {} docs/s",
        total,
        String.format("%.2f", seconds),
        Math.round(total / seconds),
        batchSize,
        Math.round(total / replaySeconds));

    indexes.restoreSettings(index);
    assertThat(indexes.count(index)).isEqualTo(total);
  }

  // --- A large batch, as the loop and the rebuild send them ---

  private static final int LARGE = 400;

  @Test
  void aLargeBatchKeepsEveryProductsEventsInOneRequestInOrder() throws IOException {
    List<UUID> ids = new ArrayList<>();
    for (int p = 0; p < 101; p++) {
      ids.add(UUID.randomUUID());
    }
    List<EventEnvelope> batch = new ArrayList<>();
    for (int v = 1; v <= 5; v++) {
      for (UUID id : ids) {
        batch.add(Products.event(Products.product(id, v, "Shelf v" + v, v + ".00", v)));
      }
    }
    assertThat(batch).hasSizeGreaterThanOrEqualTo(LARGE);

    BulkWriteResult result = writer.write(batch);

    // Versions 1 to 5 of a product out of order would refuse some as conflicts.
    assertThat(result.results())
        .extracting(EventWriteResult::outcome)
        .containsOnly(WriteOutcome.OK);
    assertThat(result.results())
        .extracting(EventWriteResult::eventId)
        .containsExactlyElementsOf(batch.stream().map(EventEnvelope::eventId).toList());
    for (UUID id : List.of(ids.get(0), ids.get(57), ids.get(100))) {
      assertThat(source(id).get("version").asLong()).isEqualTo(5);
    }
  }

  @Test
  void aLargeBatchReportsTheRejectedDocumentAtItsPosition() throws IOException {
    String index = indexes.indexName(1, Instant.parse("2020-02-01T00:00:00Z"));
    String body =
        "{\"mappings\":{\"dynamic\":false,\"properties\":{\"title\":{\"type\":\"long\"}}}}";
    es.client.indices().create(c -> c.index(index).withJson(new StringReader(body)));
    List<EventEnvelope> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String title = i == 157 ? "Desk lamp" : Integer.toString(i);
      batch.add(Products.event(Products.product(UUID.randomUUID(), 1, title, "1", 1)));
    }

    BulkWriteResult result = writer.write(batch, index);

    assertThat(result.permanents())
        .singleElement()
        .satisfies(r -> assertThat(r.eventId()).isEqualTo(batch.get(157).eventId()));
    assertThat(result.count(WriteOutcome.OK)).isEqualTo(299);
    indexes.refresh(index);
    assertThat(indexes.count(index)).isEqualTo(299);
  }

  @Test
  void aLargeBatchToAMissingAliasIsTransientAndCreatesNoIndex() throws IOException {
    PlatformNames nowhere = PlatformNames.withPrefix(es.names.prefix() + "gone-large-");
    ProjectionWriter lost = new ProjectionWriter(es.client, nowhere);

    BulkWriteResult result = lost.write(products(LARGE * 2));

    assertThat(result.results())
        .hasSize(LARGE * 2)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo(WriteOutcome.TRANSIENT);
              assertThat(r.errorType()).isEqualTo("index_not_found_exception");
            });
    assertThat(es.client.indices().exists(e -> e.index(nowhere.searchAlias())).value()).isFalse();
  }

  @Test
  void aLargeBatchToAnUnreachableClusterIsTransient() throws IOException {
    try (ElasticsearchClient dead = SearchClients.create("http://127.0.0.1:1")) {
      List<EventEnvelope> batch = products(LARGE);

      BulkWriteResult result = new ProjectionWriter(dead, es.names).write(batch);

      assertThat(result.results())
          .extracting(EventWriteResult::outcome)
          .containsOnly(WriteOutcome.TRANSIENT);
      assertThat(result.results())
          .extracting(EventWriteResult::eventId)
          .containsExactlyElementsOf(batch.stream().map(EventEnvelope::eventId).toList());
    }
  }

  private static List<EventEnvelope> products(int n) {
    List<EventEnvelope> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(Products.event(Products.product(UUID.randomUUID(), 1, "Item " + i, "2", 1)));
    }
    return batch;
  }

  private static ObjectNode source(UUID id) throws IOException {
    return es.client
        .get(g -> g.index(es.names.searchAlias()).id(id.toString()), ObjectNode.class)
        .source();
  }
}
