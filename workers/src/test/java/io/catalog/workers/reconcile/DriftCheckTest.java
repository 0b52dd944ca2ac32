package io.catalog.workers.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.product.Product;
import io.catalog.search.projection.ProductDocument;
import io.catalog.workflows.reconcile.DriftClass;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DriftCheckTest {
  private static final OffsetDateTime T =
      OffsetDateTime.of(2026, 12, 2, 8, 0, 0, 0, ZoneOffset.UTC);
  private static final Product ROW =
      new Product(
          UUID.fromString("01a235c4-b20c-7b46-b98b-fb514153b2d0"),
          UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
          "Wireless Mouse",
          new BigDecimal("15.99"),
          "USD",
          7,
          3,
          T,
          T.plusMinutes(5),
          null,
          null);
  private static final String ID = ROW.id().toString();

  /** The document the projection writes for a row, as the index returns it. */
  private static IndexedDocument indexed(Product row, long externalVersion) {
    ObjectNode source = ProductDocument.fromProduct(row).toSource(Instant.now());
    return new IndexedDocument(row.id().toString(), externalVersion, 10, 1, source);
  }

  @Test
  void theDocumentTheProjectionWritesIsNoDrift() {
    assertThat(DriftCheck.check(ID, ROW, indexed(ROW, 3))).isNull();
    assertThat(DriftCheck.check(ID, null, null)).isNull();
  }

  @Test
  void aRowWithoutDocumentIsMissingAndADocumentWithoutRowIsExtra() {
    assertThat(DriftCheck.check(ID, ROW, null).drift()).isEqualTo(DriftClass.MISSING);
    assertThat(DriftCheck.check(ID, null, indexed(ROW, 3)).drift()).isEqualTo(DriftClass.EXTRA);
  }

  @Test
  void aDeletedRowWhoseDocumentIsLiveIsDeletedButVisibleWhateverItsVersion() {
    Product deleted = withVersion(ROW, 4, T.plusMinutes(9));
    assertThat(DriftCheck.check(ID, deleted, indexed(ROW, 3)).drift())
        .isEqualTo(DriftClass.DELETED_BUT_VISIBLE);
    assertThat(DriftCheck.check(ID, deleted, indexed(withVersion(ROW, 4, null), 4)).drift())
        .isEqualTo(DriftClass.DELETED_BUT_VISIBLE);
    assertThat(DriftCheck.check(ID, deleted, indexed(deleted, 4))).isNull();
  }

  @Test
  void anotherVersionOfTheProductIsStaleEvenWithTheRightExternalVersion() {
    Product newer = withVersion(ROW, 4, null);
    assertThat(DriftCheck.check(ID, newer, indexed(ROW, 4)).drift())
        .isEqualTo(DriftClass.STALE_VERSION);
    assertThat(DriftCheck.check(ID, ROW, indexed(newer, 4)).drift())
        .isEqualTo(DriftClass.STALE_VERSION);
  }

  @Test
  void aFieldChangedOrAnExternalVersionMovedByHandIsAFieldMismatch() {
    IndexedDocument edited = indexed(ROW, 3);
    edited.source().put("title", "Edited by hand");
    assertThat(DriftCheck.check(ID, ROW, edited).drift()).isEqualTo(DriftClass.FIELD_MISMATCH);
    assertThat(DriftCheck.check(ID, ROW, edited).detail()).contains("title");
    assertThat(DriftCheck.check(ID, ROW, indexed(ROW, 4)).drift())
        .isEqualTo(DriftClass.FIELD_MISMATCH);
  }

  @Test
  void indexedAtAndEventIdSayHowADocumentGotThereAndAreNotCompared() {
    IndexedDocument viaEvent = indexed(ROW, 3);
    viaEvent.source().put("event_id", UUID.randomUUID().toString());
    viaEvent.source().put("indexed_at", "2030-01-01T00:00:00.000000Z");
    assertThat(DriftCheck.check(ID, ROW, viaEvent)).isNull();
  }

  @Test
  void aCategoryTheRowGainedOrLostIsAFieldMismatch() {
    Product lamp = ROW.withCategory("lighting");
    assertThat(DriftCheck.check(ID, lamp, indexed(lamp, 3))).isNull();
    // The document predates the category, or still has the one the row dropped.
    assertThat(DriftCheck.check(ID, lamp, indexed(ROW, 3)).detail())
        .isEqualTo("category null != \"lighting\"");
    assertThat(DriftCheck.check(ID, ROW, indexed(lamp, 3)).detail())
        .isEqualTo("category \"lighting\" != null");
    assertThat(DriftCheck.check(ID, ROW.withCategory("desks"), indexed(lamp, 3)).drift())
        .isEqualTo(DriftClass.FIELD_MISMATCH);
  }

  private static Product withVersion(Product p, long version, OffsetDateTime deletedAt) {
    return new Product(
        p.id(),
        p.sellerId(),
        p.title(),
        p.price(),
        p.currency(),
        p.stock(),
        version,
        p.createdAt(),
        p.updatedAt(),
        deletedAt,
        null);
  }
}
