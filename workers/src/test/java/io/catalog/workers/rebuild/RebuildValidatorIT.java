package io.catalog.workers.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.product.Product;
import io.catalog.search.index.MappingVersion;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.projection.ProductDocument;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.workflows.rebuild.ValidationReport;
import io.catalog.workflows.rebuild.ValidationRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The validation a rebuild runs before its alias switch, on an index loaded from the database and
 * then corrupted one way each time: by buckets of fingerprints first, then a walk of the buckets
 * that differ, it still refuses every kind of wrong index (a missing, extra, stale, newer or wrong
 * document) and accepts the right one, with its random sample.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildValidatorIT {
  private static final int PRODUCTS = 3_000;
  private final AtomicInteger second = new AtomicInteger();

  private RebuildHarness h;
  private ElasticsearchClient es;
  private List<Product> rows;
  private long caughtUp;

  @BeforeAll
  void seed() {
    h = new RebuildHarness();
    h.awaitElasticsearch();
    h.seed(PRODUCTS);
    es = h.es;
    // Every event published an hour ago: the index must hold every row's newest version.
    h.it
        .db
        .jdbi()
        .useHandle(
            x ->
                x.execute(
                    "UPDATE outbox_events SET status = 'PUBLISHED',"
                        + " published_at = now() - interval '1 hour'"));
    caughtUp = Instant.now().toEpochMilli() * 1000;
    rows =
        h.it
            .db
            .jdbi()
            .withHandle(
                x ->
                    x.createQuery("SELECT * FROM products ORDER BY id")
                        .map(ConstructorMapper.of(Product.class))
                        .list());
  }

  @AfterAll
  void close() {
    h.close();
  }

  @Test
  void theIndexTheRowsMakeIsAcceptedWithItsSample() throws Exception {
    ValidationReport report = validate(load());
    assertThat(report.ok()).as(report.summary()).isTrue();
    assertThat(report.sampled()).isEqualTo(100);
    assertThat(report.databaseRows()).isEqualTo(PRODUCTS);
  }

  @Test
  void aMissingDocumentIsRefused() throws Exception {
    String index = load();
    Product p = rows.get(1234);
    es.delete(d -> d.index(index).id(p.id().toString()));
    ValidationReport report = validate(index);
    assertThat(report.ok()).isFalse();
    assertThat(report.missing()).as(report.summary()).isEqualTo(1);
  }

  @Test
  void aDocumentWithoutRowIsRefused() throws Exception {
    String index = load();
    ObjectNode extra = source(rows.get(10)).put("id", new UUID(0x01a0L << 48, 7).toString());
    es.index(i -> i.index(index).id(extra.get("id").asText()).document(extra));
    ValidationReport report = validate(index);
    assertThat(report.ok()).isFalse();
    assertThat(report.extra()).as(report.summary()).isEqualTo(1);
  }

  @Test
  void aDocumentBehindAnEventPublishedInTimeIsRefused() throws Exception {
    Product p = rows.stream().filter(r -> r.version() >= 2 && !r.deleted()).findFirst().get();
    String index = load(p);
    ObjectNode older = source(p).put("version", p.version() - 1).put("title", "An older title");
    es.index(
        i ->
            i.index(index)
                .id(p.id().toString())
                .versionType(VersionType.External)
                .version(p.version() - 1)
                .document(older));
    ValidationReport report = validate(index);
    assertThat(report.ok()).isFalse();
    assertThat(report.behind()).as(report.summary()).isEqualTo(1);
  }

  @Test
  void aDocumentNewerThanItsRowIsRefused() throws Exception {
    String index = load();
    Product p = rows.get(2000);
    ObjectNode newer = source(p).put("version", p.version() + 100);
    es.index(
        i ->
            i.index(index)
                .id(p.id().toString())
                .versionType(VersionType.External)
                .version(p.version() + 100)
                .document(newer));
    ValidationReport report = validate(index);
    assertThat(report.ok()).isFalse();
    assertThat(report.ahead()).as(report.summary()).isEqualTo(1);
  }

  @Test
  void aWrongFieldAtTheRightVersionIsRefused() throws Exception {
    String index = load();
    Product p = rows.get(2500);
    ObjectNode wrong = source(p).put("stock", p.stock() + 5).put("in_stock", true);
    es.index(
        i ->
            i.index(index)
                .id(p.id().toString())
                .versionType(VersionType.ExternalGte)
                .version(p.version())
                .document(wrong));
    ValidationReport report = validate(index);
    assertThat(report.ok()).isFalse();
    assertThat(report.fieldMismatches()).as(report.summary()).isEqualTo(1);
    assertThat(report.examples())
        .anyMatch(e -> e.contains(p.id().toString()) && e.contains("stock"));
  }

  /**
   * A fresh index loaded from the rows, as the rebuild's load leaves it (refreshed by validate).
   */
  private String load() throws Exception {
    return load(null);
  }

  /** As {@link #load()}, without {@code left} (null: none). */
  private String load(Product left) throws Exception {
    SearchIndexes indexes = new SearchIndexes(es, h.it.names);
    String index =
        indexes.createIndex(
            MappingVersion.NEWEST,
            Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second.incrementAndGet()),
            false);
    ProjectionWriter writer = new ProjectionWriter(es, h.it.names);
    for (int from = 0; from < rows.size(); from += 1000) {
      writer.writeDocuments(
          rows.subList(from, Math.min(rows.size(), from + 1000)).stream()
              .filter(r -> left == null || !r.id().equals(left.id()))
              .map(ProductDocument::fromProduct)
              .toList(),
          index);
    }
    return index;
  }

  private ValidationReport validate(String index) throws Exception {
    return new RebuildValidator(h.it.db.jdbi(), es)
        .validate(new ValidationRequest(index, 100, 42, caughtUp), new NoChunkContext());
  }

  private static ObjectNode source(Product p) {
    return ProductDocument.fromProduct(p).toSource(Instant.now());
  }

  private static final class NoChunkContext implements ChunkContext {
    @Override
    public void heartbeat(Object details) {}

    @Override
    public void pause(Duration duration, Object details) {}
  }
}
