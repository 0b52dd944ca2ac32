package io.catalog.domain.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.outbox.OutboxEvent;
import io.catalog.domain.outbox.OutboxWakeups;
import io.catalog.domain.product.ScriptedJdbc.Executed;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The service's own logic over a scripted JDBC connection: which statements it runs in which order,
 * what an empty answer from the database means (conflict or not found), and the outbox row written
 * in the same transaction as the product. The SQL itself runs against Postgres in the ITs.
 */
class ProductServiceTest {
  private static final PlatformNames NAMES = PlatformNames.withPrefix("t1-");
  private static final UUID SELLER = UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6");
  private static final UUID ID = UUID.fromString("0192a8f0-0000-7000-8000-000000000001");
  private static final OffsetDateTime CREATED =
      OffsetDateTime.of(2026, 1, 10, 12, 0, 45, 123_456_789, ZoneOffset.UTC);
  private static final OffsetDateTime UPDATED = CREATED.plusMinutes(5);
  private static final ProductDraft DRAFT =
      new ProductDraft(SELLER, "Wireless Mouse", new BigDecimal("15.99"), "EUR", 100);
  private static final WriteContext CTX =
      new WriteContext(
          UUID.fromString("11111111-1111-7111-8111-111111111111"),
          UUID.fromString("22222222-2222-7222-8222-222222222222"));

  private static final String INSERT_PRODUCT = "INSERT INTO products";
  private static final String INSERT_OUTBOX = "INSERT INTO outbox_events";
  private static final String CREATE = "WITH recorded AS (" + INSERT_OUTBOX;
  private static final String UPDATE = "UPDATE products SET seller_id";
  private static final String ADJUST = "UPDATE products SET stock";
  private static final String SOFT_DELETE = "UPDATE products SET deleted_at";
  private static final String SELECT = "SELECT";

  private static Product product(long version, int stock, OffsetDateTime deletedAt) {
    return new Product(
        ID,
        SELLER,
        "Wireless Mouse",
        new BigDecimal("15.99"),
        "EUR",
        stock,
        version,
        CREATED,
        version == 1 ? CREATED : UPDATED,
        deletedAt,
        null);
  }

  private static List<Object[]> rows(Product... products) {
    return java.util.Arrays.stream(products)
        .map(
            p ->
                new Object[] {
                  p.id(),
                  p.sellerId(),
                  p.title(),
                  p.price(),
                  p.currency(),
                  p.stock(),
                  p.version(),
                  p.createdAt(),
                  p.updatedAt(),
                  p.deletedAt(),
                  p.category()
                })
        .toList();
  }

  /** What the service's wake-ups sent, one payload per burst, and the commits seen at each. */
  private final List<String> wakeups = new CopyOnWriteArrayList<>();

  private final List<Integer> commitsAtWakeup = new CopyOnWriteArrayList<>();

  private ProductService service(ScriptedJdbc db) {
    return new ProductService(
        db.jdbi(),
        NAMES,
        new OutboxWakeups(
            keys -> {
              commitsAtWakeup.add(db.commits());
              wakeups.add(keys);
            }));
  }

  /** The shard keys named by the wake-ups sent so far. */
  private Set<Integer> wokenKeys() {
    return wakeups.stream()
        .flatMap(p -> Arrays.stream(p.split(",")))
        .map(Integer::valueOf)
        .collect(Collectors.toSet());
  }

  /** Every statement the service ran, by the start of its SQL. */
  private static List<String> kinds(ScriptedJdbc db) {
    return db.executed().stream()
        .map(
            e ->
                List.of(CREATE, INSERT_PRODUCT, INSERT_OUTBOX, UPDATE, ADJUST, SOFT_DELETE, SELECT)
                    .stream()
                    .filter(k -> e.sql().startsWith(k))
                    .findFirst()
                    .map(k -> k.equals(SELECT) && e.sql().endsWith("FOR UPDATE") ? "FOR UPDATE" : k)
                    .orElse(e.sql()))
        .toList();
  }

  /** The one statement that wrote an outbox row: on its own, or inside a create's CTE. */
  private static Executed outboxRow(ScriptedJdbc db) {
    List<Executed> rows =
        db.executed().stream().filter(e -> e.sql().contains(INSERT_OUTBOX)).toList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static JsonNode json(Object text) throws Exception {
    return Json.mapper().readTree((String) text);
  }

  @Test
  void createWritesTheDraftAndItsEventInOneStatementThatIsItsOwnTransaction() throws Exception {
    ScriptedJdbc db = new ScriptedJdbc(e -> null);
    ProductService service = service(db);

    Product created = service.create(DRAFT, CTX);

    // One statement in auto-commit: the outbox row cannot commit without the product, or the
    // product without it, and no BEGIN or COMMIT costs a round trip of its own.
    assertThat(kinds(db)).containsExactly(CREATE);
    Executed insert = db.executed(CREATE).get(0);
    assertThat(insert.autoCommit()).isTrue();
    assertThat(insert.sql()).contains(INSERT_OUTBOX).contains(INSERT_PRODUCT);
    assertThat(db.commits()).isZero();
    assertThat(db.rollbacks()).isZero();
    assertThat(((UUID) insert.param("id")).version()).isEqualTo(7);
    assertThat(insert.param("id")).isEqualTo(created.id());
    assertThat(insert.params())
        .containsEntry("sellerId", SELLER)
        .containsEntry("title", "Wireless Mouse")
        .containsEntry("price", new BigDecimal("15.99"))
        .containsEntry("currency", "EUR")
        .containsEntry("stock", 100)
        .containsEntry("version", 1L)
        .containsEntry("createdAt", created.createdAt())
        .containsEntry("updatedAt", created.createdAt());
    assertThat(created.version()).isEqualTo(1);
    assertThat(created.deleted()).isFalse();

    Executed outbox = outboxRow(db);
    JsonNode envelope = json(outbox.param("payload"));
    assertThat(outbox.param("eventId").toString()).isEqualTo(envelope.get("event_id").asText());
    assertThat(outbox.params())
        .containsEntry("aggregateType", "product")
        .containsEntry("aggregateId", created.id())
        .containsEntry("aggregateVersion", 1L)
        .containsEntry("eventType", "product.created")
        .containsEntry("topic", "t1-product.events")
        .containsEntry("shardKey", OutboxEvent.shardKey(created.id()));
    assertThat(envelope.get("event_type").asText()).isEqualTo("product.created");
    assertThat(envelope.get("aggregate_id").asText()).isEqualTo(created.id().toString());
    assertThat(envelope.get("aggregate_version").asLong()).isEqualTo(1);
    assertThat(envelope.get("correlation_id").asText()).isEqualTo(CTX.correlationId().toString());
    assertThat(envelope.get("causation_id").asText()).isEqualTo(CTX.causationId().toString());
    assertThat(envelope.get("payload").get("title").asText()).isEqualTo("Wireless Mouse");
    assertThat(envelope.get("schema_version").asInt()).isEqualTo(2);
    assertThat(envelope.get("payload").get("price").get("amount").asText()).isEqualTo("15.99");
    assertThat(envelope.get("payload").get("price").get("currency").asText()).isEqualTo("EUR");
    assertThat(envelope.get("payload").get("deleted").asBoolean()).isFalse();

    JsonNode headers = json(outbox.param("headers"));
    assertThat(headers.size()).isEqualTo(3);
    assertThat(headers.get("event_id").asText()).isEqualTo(envelope.get("event_id").asText());
    assertThat(headers.get("event_type").asText()).isEqualTo("product.created");
    // A Kafka header is bytes: the schema version travels as the text "2".
    assertThat(headers.get("schema_version").isTextual()).isTrue();
    assertThat(headers.get("schema_version").asText()).isEqualTo("2");
  }

  @Test
  void aCreatedRowAndItsEventCarryWhatPostgresStores() throws Exception {
    ScriptedJdbc db = new ScriptedJdbc(e -> null);
    ProductDraft shortPrice =
        new ProductDraft(SELLER, "Wireless Mouse", new BigDecimal("15.9"), "EUR", 100);

    Product created = service(db).create(shortPrice, CTX);

    // numeric(12, 2) would store 15.90, and timestamptz keeps microseconds: the service writes
    // exactly that, so the row it returns and the event it records agree with a later read.
    Executed insert = db.executed(CREATE).get(0);
    assertThat(created.price()).isEqualByComparingTo("15.9").hasToString("15.90");
    assertThat(insert.param("price")).hasToString("15.90");
    assertThat(created.createdAt().getNano() % 1_000).isZero();
    JsonNode payload = json(insert.param("payload")).get("payload");
    assertThat(payload.get("price").get("amount").asText()).isEqualTo("15.90");
    assertThat(payload.get("created_at").asText())
        .isEqualTo(ProductEvents.timestamp(created.createdAt().toInstant()))
        .isEqualTo(payload.get("updated_at").asText());
  }

  @Test
  void aCreateOnItsOwnWakesThePublisherOfItsShardOnceItHasRun() {
    ScriptedJdbc db = new ScriptedJdbc(e -> null);

    Product created = service(db).create(DRAFT, CTX);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(wokenKeys()).containsExactly(OutboxEvent.shardKey(created.id())));
  }

  @Test
  void aWriteInACallersTransactionWakesAfterTheCommitAndARollbackWakesNobody() {
    ScriptedJdbc db =
        new ScriptedJdbc(e -> e.sql().startsWith(UPDATE) ? rows(product(2, 100, null)) : null);
    ProductService service = service(db);
    AtomicReference<Product> rolledBack = new AtomicReference<>();

    assertThatThrownBy(
            () ->
                db.jdbi()
                    .useTransaction(
                        h -> {
                          rolledBack.set(service.create(h, DRAFT, CTX));
                          throw new IllegalStateException("the caller gives up");
                        }))
        .hasMessage("the caller gives up");
    db.jdbi().useTransaction(h -> service.update(h, ID, 1, DRAFT, CTX));

    await().atMost(Duration.ofSeconds(10)).until(() -> !wakeups.isEmpty());
    // Only the committed update's shard: the rolled-back create's key never reached the sender
    // (were the two keys equal, the set would still hold one).
    assertThat(wokenKeys()).containsExactly(OutboxEvent.shardKey(ID));
    assertThat(rolledBack.get()).isNotNull();
    assertThat(commitsAtWakeup).allSatisfy(c -> assertThat(c).isEqualTo(1));
  }

  @Test
  void aWriteWithoutCorrelationGetsAFreshOneAndNoCausation() throws Exception {
    ScriptedJdbc db =
        new ScriptedJdbc(e -> e.sql().startsWith(UPDATE) ? rows(product(2, 100, null)) : null);

    service(db).update(ID, 1, DRAFT, WriteContext.none());

    JsonNode envelope = json(outboxRow(db).param("payload"));
    assertThat(UUID.fromString(envelope.get("correlation_id").asText()).version()).isEqualTo(7);
    assertThat(envelope.get("correlation_id").asText())
        .isNotEqualTo(envelope.get("event_id").asText());
    assertThat(envelope.has("causation_id")).isTrue();
    assertThat(envelope.get("causation_id").isNull()).isTrue();
  }

  @Test
  void updateAtTheExpectedVersionRecordsAnUpdatedEventOfTheNewVersion() throws Exception {
    ScriptedJdbc db =
        new ScriptedJdbc(e -> e.sql().startsWith(UPDATE) ? rows(product(4, 100, null)) : null);

    Product updated = service(db).update(ID, 3, DRAFT, CTX);

    assertThat(updated.version()).isEqualTo(4);
    assertThat(kinds(db)).containsExactly(UPDATE, INSERT_OUTBOX);
    assertThat(db.executed(UPDATE).get(0).params())
        .containsEntry("id", ID)
        .containsEntry("expected", 3L)
        .containsEntry("title", "Wireless Mouse");
    Executed outbox = outboxRow(db);
    assertThat(outbox.params())
        .containsEntry("eventType", "product.updated")
        .containsEntry("aggregateVersion", 4L);
    JsonNode payload = json(outbox.param("payload")).get("payload");
    assertThat(payload.get("version").asLong()).isEqualTo(4);
    assertThat(payload.get("updated_at").asText()).isEqualTo("2026-01-10T12:05:45.123Z");
    assertThat(db.commits()).isEqualTo(1);
  }

  @Test
  void updateAtAnotherVersionIsAConflictNamingTheCurrentOneAndRecordsNothing() {
    ScriptedJdbc db =
        new ScriptedJdbc(
            e -> {
              if (e.sql().startsWith(UPDATE)) {
                return List.of();
              }
              return e.sql().startsWith(SELECT) ? rows(product(5, 100, null)) : null;
            });

    assertThatThrownBy(() -> service(db).update(ID, 3, DRAFT, CTX))
        .isInstanceOfSatisfying(
            VersionConflictException.class,
            e -> {
              assertThat(e.currentVersion()).isEqualTo(5);
              assertThat(e).hasMessageContaining("expected version 3");
            });
    assertThat(kinds(db)).containsExactly(UPDATE, SELECT);
    assertThat(db.commits()).isZero();
    assertThat(db.rollbacks()).isEqualTo(1);
  }

  @Test
  void updateOfAMissingOrDeletedProductIsNotFoundRatherThanAConflict() {
    for (List<Object[]> current : List.of(List.<Object[]>of(), rows(product(6, 0, UPDATED)))) {
      ScriptedJdbc db =
          new ScriptedJdbc(
              e -> {
                if (e.sql().startsWith(UPDATE)) {
                  return List.of();
                }
                return e.sql().startsWith(SELECT) ? current : null;
              });

      assertThatThrownBy(() -> service(db).update(ID, 6, DRAFT, CTX))
          .isInstanceOf(ProductNotFoundException.class)
          .hasMessageContaining(ID.toString());
      assertThat(db.executed(INSERT_OUTBOX)).isEmpty();
    }
  }

  @Test
  void deleteWithoutAVersionLocksTheRowAndDeletesAtItsCurrentVersion() throws Exception {
    ScriptedJdbc db =
        new ScriptedJdbc(
            e -> {
              if (e.sql().startsWith(SELECT)) {
                return rows(product(7, 3, null));
              }
              return e.sql().startsWith(SOFT_DELETE) ? rows(product(8, 3, UPDATED)) : null;
            });

    Product deleted = service(db).delete(ID, null, CTX);

    assertThat(deleted.deleted()).isTrue();
    assertThat(kinds(db)).containsExactly("FOR UPDATE", SOFT_DELETE, INSERT_OUTBOX);
    assertThat(db.executed(SOFT_DELETE).get(0).params())
        .containsEntry("id", ID)
        .containsEntry("expected", 7L);
    Executed outbox = outboxRow(db);
    assertThat(outbox.params())
        .containsEntry("eventType", "product.deleted")
        .containsEntry("aggregateVersion", 8L);
    // A soft delete: the event carries the whole last state, flagged deleted.
    JsonNode payload = json(outbox.param("payload")).get("payload");
    assertThat(payload.get("deleted").asBoolean()).isTrue();
    assertThat(payload.get("title").asText()).isEqualTo("Wireless Mouse");
    assertThat(payload.get("stock").asInt()).isEqualTo(3);
  }

  @Test
  void deleteWithAVersionNeitherReadsNorLocksFirst() {
    ScriptedJdbc db =
        new ScriptedJdbc(
            e -> e.sql().startsWith(SOFT_DELETE) ? rows(product(3, 1, UPDATED)) : null);

    service(db).delete(ID, 2L, CTX);

    assertThat(kinds(db)).containsExactly(SOFT_DELETE, INSERT_OUTBOX);
    assertThat(db.executed(SOFT_DELETE).get(0).params()).containsEntry("expected", 2L);
  }

  @Test
  void deleteWithoutAVersionOfADeletedOrMissingProductIsNotFoundAndDeletesNothing() {
    for (List<Object[]> current : List.of(List.<Object[]>of(), rows(product(8, 3, UPDATED)))) {
      ScriptedJdbc db = new ScriptedJdbc(e -> e.sql().startsWith(SELECT) ? current : null);

      assertThatThrownBy(() -> service(db).delete(ID, null, CTX))
          .isInstanceOf(ProductNotFoundException.class);
      assertThat(kinds(db)).containsExactly("FOR UPDATE");
    }
  }

  @Test
  void deleteAtAStaleVersionIsAConflict() {
    ScriptedJdbc db =
        new ScriptedJdbc(
            e -> {
              if (e.sql().startsWith(SOFT_DELETE)) {
                return List.of();
              }
              return e.sql().startsWith(SELECT) ? rows(product(3, 1, null)) : null;
            });

    assertThatThrownBy(() -> service(db).delete(ID, 2L, CTX))
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.currentVersion()).isEqualTo(3));
    assertThat(db.executed(INSERT_OUTBOX)).isEmpty();
    assertThat(db.rollbacks()).isEqualTo(1);
  }

  @Test
  void adjustStockRecordsAnUpdatedEventWithTheNewStock() throws Exception {
    ScriptedJdbc db =
        new ScriptedJdbc(e -> e.sql().startsWith(ADJUST) ? rows(product(2, 97, null)) : null);
    ProductService service = service(db);

    Product adjusted = db.jdbi().inTransaction(h -> service.adjustStock(h, ID, -3, CTX));

    assertThat(adjusted.stock()).isEqualTo(97);
    assertThat(db.executed(ADJUST).get(0).params())
        .containsEntry("id", ID)
        .containsEntry("delta", -3);
    Executed outbox = outboxRow(db);
    assertThat(outbox.params()).containsEntry("eventType", "product.updated");
    assertThat(json(outbox.param("payload")).get("payload").get("stock").asInt()).isEqualTo(97);
  }

  @Test
  void adjustStockBelowZeroIsARuleBreakNamingTheCurrentStock() {
    ScriptedJdbc db =
        new ScriptedJdbc(
            e -> {
              if (e.sql().startsWith(ADJUST)) {
                return List.of();
              }
              return e.sql().startsWith(SELECT) ? rows(product(4, 2, null)) : null;
            });
    ProductService service = service(db);

    assertThatThrownBy(() -> db.jdbi().inTransaction(h -> service.adjustStock(h, ID, -3, CTX)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.syntax()).isFalse();
              assertThat(e.errors())
                  .containsExactly(
                      new FieldError("delta", "would make stock negative (stock is 2)"));
            });
    assertThat(db.executed(INSERT_OUTBOX)).isEmpty();
  }

  @Test
  void adjustStockOfAMissingOrDeletedProductIsNotFound() {
    for (List<Object[]> current : List.of(List.<Object[]>of(), rows(product(4, 2, UPDATED)))) {
      ScriptedJdbc db =
          new ScriptedJdbc(
              e -> {
                if (e.sql().startsWith(ADJUST)) {
                  return List.of();
                }
                return e.sql().startsWith(SELECT) ? current : null;
              });
      ProductService service = service(db);

      assertThatThrownBy(() -> db.jdbi().inTransaction(h -> service.adjustStock(h, ID, 1, CTX)))
          .isInstanceOf(ProductNotFoundException.class);
      assertThat(db.executed(INSERT_OUTBOX)).isEmpty();
    }
  }
}
