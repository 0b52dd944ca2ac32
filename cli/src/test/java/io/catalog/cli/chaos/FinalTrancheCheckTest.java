package io.catalog.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.product.Product;
import io.catalog.search.projection.ProductDocument;
import io.catalog.testkit.ReadModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The checks behind "the fault suite cannot pass vacuously": with the live projection dead during
 * the final tranche, and no rebuild or replay after it, Elasticsearch differs from the database and
 * both "Elasticsearch equals the database" and the tranche's own invariant fail.
 */
class FinalTrancheCheckTest {
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 11, 26, 10, 0, 0, 0, ZoneOffset.UTC);
  private static final Instant TRANCHE_START = T0.plusMinutes(5).toInstant();

  // Before the tranche: three products, indexed by a rebuild.
  private final Product kept = product(1, null);
  private final Product updatedBefore = product(1, null);
  private final Product deletedBefore = product(1, null);
  // The tranche: a create, an update, a delete.
  private final Product created = product(1, null);
  private final Product updated = bump(updatedBefore, null);
  private final Product deleted = bump(deletedBefore, T0.plusMinutes(6));

  private final List<Product> rows = List.of(kept, updated, deleted, created);
  private final FinalTranche tranche =
      new FinalTranche(
          TRANCHE_START,
          new LinkedHashSet<>(
              Stream.of(created, updated, deleted).map(p -> p.id().toString()).toList()),
          1,
          1,
          1);
  private final List<WorkflowDriver.Outcome> endedBefore =
      List.of(
          outcome(WorkflowDriver.REBUILD, "COMPLETED", TRANCHE_START.minusSeconds(30)),
          outcome(WorkflowDriver.REPLAY, "COMPLETED", TRANCHE_START.minusSeconds(10)));

  @Test
  void withTheLiveProjectionTheTrancheIsInElasticsearchAndBothHold() {
    List<String> differences = ReadModel.differences(rows, documents(rows));

    assertThat(differences).isEmpty();
    assertThat(TrancheVerdict.of(tranche, endedBefore, differences).holds()).isTrue();
  }

  @Test
  void withTheProjectionDeadForTheTrancheBothFail() {
    // What the last rebuild left: the state before the tranche, nothing of it.
    List<String> differences =
        ReadModel.differences(rows, documents(List.of(kept, updatedBefore, deletedBefore)));

    assertThat(differences)
        .anyMatch(d -> d.startsWith(created.id() + ": no document"))
        .anyMatch(d -> d.startsWith(updated.id() + ".version: row 2 != document 1"))
        .anyMatch(d -> d.startsWith(deleted.id() + ".deleted: row true != document false"));
    TrancheVerdict verdict = TrancheVerdict.of(tranche, endedBefore, differences);
    assertThat(verdict.holds()).isFalse();
    assertThat(verdict.detail()).contains("3 of them differ in Elasticsearch");
  }

  @Test
  void aRebuildThatEndedAfterTheTrancheStartedMakesItProveNothing() {
    List<WorkflowDriver.Outcome> late =
        List.of(outcome(WorkflowDriver.REBUILD, "COMPLETED", TRANCHE_START.plusSeconds(1)));
    List<WorkflowDriver.Outcome> running = List.of(outcome(WorkflowDriver.REPLAY, "RUNNING", null));
    List<String> none = ReadModel.differences(rows, documents(rows));

    assertThat(TrancheVerdict.of(tranche, late, none).holds()).isFalse();
    assertThat(TrancheVerdict.of(tranche, running, none).detail())
        .contains("not ended before the tranche");
  }

  @Test
  void aTrancheWithoutUpdatesOrDeletesProvesTooLittle() {
    FinalTranche createsOnly = new FinalTranche(TRANCHE_START, tranche.products(), 3, 0, 0);

    assertThat(TrancheVerdict.of(createsOnly, endedBefore, List.of()).holds()).isFalse();
  }

  private static Map<String, ObjectNode> documents(List<Product> state) {
    return state.stream()
        .collect(
            Collectors.toMap(
                p -> p.id().toString(),
                p -> ProductDocument.fromProduct(p).toSource(TRANCHE_START)));
  }

  private static Product product(long version, OffsetDateTime deletedAt) {
    return new Product(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "chaos " + version,
        new BigDecimal("12.50"),
        "EUR",
        3,
        version,
        T0,
        T0.plusSeconds(version),
        deletedAt,
        null);
  }

  private static Product bump(Product p, OffsetDateTime deletedAt) {
    return new Product(
        p.id(),
        p.sellerId(),
        p.title() + "'",
        p.price(),
        p.currency(),
        p.stock(),
        p.version() + 1,
        p.createdAt(),
        T0.plusMinutes(6),
        deletedAt,
        null);
  }

  private static WorkflowDriver.Outcome outcome(String kind, String status, Instant closedAt) {
    return new WorkflowDriver.Outcome(
        new WorkflowDriver.Started(kind, kind + "-id", null), status, closedAt);
  }
}
