package io.catalog.workers.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.Product;
import io.catalog.search.projection.BulkEndpoint;
import io.catalog.search.projection.BulkWriteResult;
import io.catalog.search.projection.EventWriteResult;
import io.catalog.search.projection.MalformedEventException;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.search.projection.UnsupportedSchemaException;
import io.catalog.search.projection.WriteOutcome;
import io.catalog.workers.kafka.Decision;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The projection's decisions without Kafka or Elasticsearch: records are fed to the handler
 * directly, first with a scripted writer (which records reach the writer, and how its per-event
 * results become retries and dead letters), then with the real {@link ProjectionWriter} over a
 * transport that answers {@code _bulk} from a script (what is written: index operations through the
 * alias, external versions, deleted documents instead of deletes).
 */
class ProductProjectionHandlerTest {
  private static final String TOPIC = "t1-product.events";
  private static final PlatformNames NAMES = PlatformNames.withPrefix("t1-");
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 1, 10, 12, 0, 45, 0, ZoneOffset.UTC);
  private static final Instant NOW = Instant.parse("2026-01-10T12:01:00Z");
  private static final String MALFORMED = MalformedEventException.class.getName();

  private long offset;

  private static Product product(UUID id, long version, boolean deleted) {
    return new Product(
        id,
        UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        "Desk lamp",
        new BigDecimal("19.90"),
        "USD",
        4,
        version,
        T0,
        T0.plusSeconds(version),
        deleted ? T0.plusSeconds(version) : null,
        null);
  }

  private static EventEnvelope event(EventType type, UUID id, long version) {
    return ProductEvents.envelope(
        type, product(id, version, type == EventType.DELETED), null, null);
  }

  private static EventEnvelope created() {
    return event(EventType.CREATED, UUID.randomUUID(), 1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The record the outbox publisher sends for {@code e}: key, value and the three headers. */
  private ConsumerRecord<byte[], byte[]> record(EventEnvelope e) {
    return record(e, r -> {});
  }

  private ConsumerRecord<byte[], byte[]> record(
      EventEnvelope e, Consumer<ConsumerRecord<byte[], byte[]>> change) {
    ConsumerRecord<byte[], byte[]> r =
        new ConsumerRecord<>(
            TOPIC, 0, offset++, utf8(e.aggregateId().toString()), utf8(Json.write(e)));
    r.headers()
        .add(EventEnvelope.HEADER_EVENT_ID, utf8(e.eventId().toString()))
        .add(EventEnvelope.HEADER_EVENT_TYPE, utf8(e.eventType()))
        .add(EventEnvelope.HEADER_SCHEMA_VERSION, utf8(String.valueOf(e.schemaVersion())));
    change.accept(r);
    return r;
  }

  /** {@code r} with another value (and the same key and headers). */
  private static ConsumerRecord<byte[], byte[]> withValue(
      ConsumerRecord<byte[], byte[]> r, byte[] value) {
    return new ConsumerRecord<>(
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp(),
        r.timestampType(),
        r.serializedKeySize(),
        r.serializedValueSize(),
        r.key(),
        value,
        r.headers(),
        r.leaderEpoch());
  }

  private static ConsumerRecord<byte[], byte[]> withKey(
      ConsumerRecord<byte[], byte[]> r, byte[] key) {
    return new ConsumerRecord<>(
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp(),
        r.timestampType(),
        r.serializedKeySize(),
        r.serializedValueSize(),
        key,
        r.value(),
        r.headers(),
        r.leaderEpoch());
  }

  private static byte[] changed(EventEnvelope e, Consumer<ObjectNode> change) {
    ObjectNode node = Json.mapper().valueToTree(e);
    change.accept(node);
    return utf8(Json.write(node));
  }

  private static EventWriteResult result(EventEnvelope e, WriteOutcome outcome, int status) {
    return new EventWriteResult(
        e.eventId(), e.aggregateId(), e.aggregateVersion(), outcome, status, null, null);
  }

  /** A writer that records each batch and answers with {@code outcomes}, one per event. */
  private static final class ScriptedWriter
      implements Function<List<EventEnvelope>, BulkWriteResult> {
    final List<List<EventEnvelope>> batches = new ArrayList<>();
    Function<List<EventEnvelope>, List<EventWriteResult>> answer =
        batch -> batch.stream().map(e -> result(e, WriteOutcome.OK, 201)).toList();

    @Override
    public BulkWriteResult apply(List<EventEnvelope> batch) {
      batches.add(List.copyOf(batch));
      return new BulkWriteResult(answer.apply(batch), 1);
    }

    List<UUID> writtenEventIds() {
      return batches.stream().flatMap(List::stream).map(EventEnvelope::eventId).toList();
    }
  }

  @Test
  void aBatchIsWrittenInOneCallInRecordOrderAndAllAppliedIsNothingToDo() {
    ScriptedWriter writer = new ScriptedWriter();
    UUID id = UUID.randomUUID();
    List<EventEnvelope> events =
        List.of(
            event(EventType.CREATED, id, 1),
            created(),
            event(EventType.UPDATED, id, 2),
            event(EventType.DELETED, id, 3));
    writer.answer =
        batch ->
            List.of(
                result(batch.get(0), WriteOutcome.OK, 201),
                result(batch.get(1), WriteOutcome.OK, 201),
                // Already indexed at this version or a newer one: applied, nothing to retry.
                result(batch.get(2), WriteOutcome.VERSION_CONFLICT, 409),
                result(batch.get(3), WriteOutcome.OK, 200));

    Decision d =
        new ProductProjectionHandler(writer).handle(events.stream().map(this::record).toList());

    assertThat(d.retry()).isEmpty();
    assertThat(d.poison()).isEmpty();
    assertThat(writer.batches).hasSize(1);
    assertThat(writer.writtenEventIds())
        .containsExactlyElementsOf(events.stream().map(EventEnvelope::eventId).toList());
    EventEnvelope deleted = writer.batches.get(0).get(3);
    assertThat(deleted.eventType()).isEqualTo("product.deleted");
    assertThat(deleted.aggregateVersion()).isEqualTo(3);
    assertThat(deleted.payload().get("deleted").asBoolean()).isTrue();
  }

  static Stream<Arguments> unreadableRecords() {
    return Stream.of(
        Arguments.of(
            "tombstone",
            (Breaker) (e, r) -> withValue(r, null),
            MALFORMED,
            "record has no value (tombstone)"),
        Arguments.of(
            "no event_id header",
            (Breaker) (e, r) -> remove(r, EventEnvelope.HEADER_EVENT_ID),
            MALFORMED,
            "header event_id is missing"),
        Arguments.of(
            "no event_type header",
            (Breaker) (e, r) -> remove(r, EventEnvelope.HEADER_EVENT_TYPE),
            MALFORMED,
            "header event_type is missing"),
        Arguments.of(
            "event_id header without a value",
            (Breaker)
                (e, r) -> {
                  remove(r, EventEnvelope.HEADER_EVENT_ID)
                      .headers()
                      .add(EventEnvelope.HEADER_EVENT_ID, null);
                  return r;
                },
            MALFORMED,
            "header event_id is missing"),
        Arguments.of(
            "event_id header not a UUID",
            (Breaker)
                (e, r) -> {
                  r.headers().add(EventEnvelope.HEADER_EVENT_ID, utf8("evt-1"));
                  return r;
                },
            MALFORMED,
            "header event_id is not a UUID: evt-1"),
        Arguments.of(
            "event_id header of another event",
            (Breaker)
                (e, r) -> {
                  r.headers()
                      .add(EventEnvelope.HEADER_EVENT_ID, utf8(UUID.randomUUID().toString()));
                  return r;
                },
            MALFORMED,
            "header event_id "),
        Arguments.of("no key", (Breaker) (e, r) -> withKey(r, null), MALFORMED, "record key null"),
        Arguments.of(
            "key of another product",
            (Breaker) (e, r) -> withKey(r, utf8(UUID.randomUUID().toString())),
            MALFORMED,
            "record key "),
        Arguments.of(
            "value not JSON",
            (Breaker) (e, r) -> withValue(r, utf8("{not json")),
            MALFORMED,
            "event value is not JSON"),
        Arguments.of(
            "payload missing",
            (Breaker) (e, r) -> withValue(r, changed(e, n -> n.remove("payload"))),
            MALFORMED,
            "payload: must be an object"),
        Arguments.of(
            "a schema_version newer than this release's",
            (Breaker)
                (e, r) ->
                    withValue(
                        r,
                        changed(e, n -> n.put("schema_version", ProductEventUpcaster.CURRENT + 1))),
            UnsupportedSchemaException.class.getName(),
            "unsupported schema_version " + (ProductEventUpcaster.CURRENT + 1)));
  }

  /** Breaks a good record of envelope {@code e}. */
  interface Breaker {
    ConsumerRecord<byte[], byte[]> apply(EventEnvelope e, ConsumerRecord<byte[], byte[]> r);
  }

  private static ConsumerRecord<byte[], byte[]> remove(
      ConsumerRecord<byte[], byte[]> r, String header) {
    r.headers().remove(header);
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableRecords")
  void aRecordThatCannotBeReadIsPoisonAtItsPositionAndNeverReachesTheWriter(
      String what, Breaker breaker, String exceptionClass, String messageStart) {
    ScriptedWriter writer = new ScriptedWriter();
    EventEnvelope first = created();
    EventEnvelope broken = created();
    EventEnvelope last = created();

    Decision d =
        new ProductProjectionHandler(writer)
            .handle(List.of(record(first), breaker.apply(broken, record(broken)), record(last)));

    assertThat(d.retry()).isEmpty();
    assertThat(d.poison()).containsOnlyKeys(1);
    assertThat(d.poison().get(1).exceptionClass()).isEqualTo(exceptionClass);
    assertThat(d.poison().get(1).message()).startsWith(messageStart);
    // The readable ones around it are still written, in one batch.
    assertThat(writer.batches).hasSize(1);
    assertThat(writer.writtenEventIds()).containsExactly(first.eventId(), last.eventId());
  }

  @Test
  void theWritersResultsGoBackToTheRecordsTheyCameFrom() {
    ScriptedWriter writer = new ScriptedWriter();
    EventEnvelope ok = created();
    EventEnvelope later = created();
    EventEnvelope refused = created();
    EventEnvelope conflict = created();
    writer.answer =
        batch ->
            List.of(
                result(batch.get(0), WriteOutcome.OK, 201),
                result(batch.get(1), WriteOutcome.TRANSIENT, 429),
                new EventWriteResult(
                    refused.eventId(),
                    refused.aggregateId(),
                    1,
                    WriteOutcome.PERMANENT,
                    400,
                    "document_parsing_exception",
                    "failed to parse field [price]"),
                result(batch.get(3), WriteOutcome.VERSION_CONFLICT, 409));

    // Position 1 is poison before the write, so the writer's j-th result is not record j.
    Decision d =
        new ProductProjectionHandler(writer)
            .handle(
                List.of(
                    record(ok),
                    withValue(record(created()), null),
                    record(later),
                    record(refused),
                    record(conflict)));

    assertThat(d.retry()).containsExactly(2);
    assertThat(d.poison()).containsOnlyKeys(1, 3);
    assertThat(d.poison().get(1).exceptionClass()).isEqualTo(MALFORMED);
    assertThat(d.poison().get(3))
        .isEqualTo(
            new Decision.Poison(
                "elasticsearch.document_parsing_exception",
                "HTTP 400: failed to parse field [price]"));
  }

  @Test
  void aBatchOfOnlyPoisonNeverCallsTheWriter() {
    ScriptedWriter writer = new ScriptedWriter();

    Decision d =
        new ProductProjectionHandler(writer)
            .handle(
                List.of(
                    withValue(record(created()), null), withValue(record(created()), utf8("[]"))));

    assertThat(writer.batches).isEmpty();
    assertThat(d.poison()).containsOnlyKeys(0, 1);
    assertThat(d.retry()).isEmpty();
  }

  @Test
  void aWriterThatThrowsFailsTheWholeBatch() {
    IllegalStateException down = new IllegalStateException("bulk timer broke");
    ProductProjectionHandler handler =
        new ProductProjectionHandler(
            batch -> {
              throw down;
            });

    assertThatThrownBy(() -> handler.handle(List.of(record(created())))).isSameAs(down);
  }

  @Test
  void theLastHeaderOfANameIsTheOneThatCounts() {
    EventEnvelope e = created();
    ScriptedWriter writer = new ScriptedWriter();
    ProductProjectionHandler handler = new ProductProjectionHandler(writer);

    Decision lastIsRight =
        handler.handle(
            List.of(
                record(
                    e,
                    r -> {
                      remove(r, EventEnvelope.HEADER_EVENT_ID);
                      r.headers()
                          .add(EventEnvelope.HEADER_EVENT_ID, utf8(UUID.randomUUID().toString()))
                          .add(EventEnvelope.HEADER_EVENT_ID, utf8(e.eventId().toString()));
                    })));
    Decision lastIsWrong =
        handler.handle(
            List.of(
                record(
                    e,
                    r ->
                        r.headers()
                            .add(
                                EventEnvelope.HEADER_EVENT_ID,
                                utf8(UUID.randomUUID().toString())))));

    assertThat(lastIsRight.poison()).isEmpty();
    assertThat(lastIsWrong.poison()).containsOnlyKeys(0);
  }

  // --- With the real ProjectionWriter over a scripted _bulk endpoint ---

  /** One index operation of a sent {@code _bulk} body, as Elasticsearch would read it. */
  record SentOp(String index, String id, long version, String versionType, JsonNode document) {}

  /** A sent {@code _bulk} request: its {@code require_alias} and its operations, in order. */
  record SentBulk(boolean requireAlias, List<SentOp> operations) {}

  /** Answers every {@code _bulk} body from {@link #answer}, recording what was sent. */
  private static final class ScriptedBulk implements BulkEndpoint {
    final List<SentBulk> requests = new ArrayList<>();
    BulkAnswer answer;

    interface BulkAnswer {
      List<BulkEndpoint.Item> apply(SentBulk request) throws IOException;
    }

    @Override
    public CompletableFuture<List<BulkEndpoint.Item>> send(Body body, boolean requireAlias) {
      String[] lines = new String(body.toBytes(), StandardCharsets.UTF_8).split("\n");
      List<SentOp> ops = new ArrayList<>();
      try {
        for (int i = 0; i < lines.length; i += 2) {
          JsonNode action = Json.mapper().readTree(lines[i]).get("index");
          ops.add(
              new SentOp(
                  action.get("_index").asText(),
                  action.get("_id").asText(),
                  action.get("version").asLong(),
                  action.get("version_type").asText(),
                  Json.mapper().readTree(lines[i + 1])));
        }
        SentBulk request = new SentBulk(requireAlias, ops);
        requests.add(request);
        return CompletableFuture.completedFuture(answer.apply(request));
      } catch (IOException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  /** Answers each index operation with the status (and error type) at its position. */
  private static ScriptedBulk.BulkAnswer answering(Object... statusAndType) {
    return request -> {
      List<BulkEndpoint.Item> items = new ArrayList<>();
      for (int i = 0; i < request.operations().size(); i++) {
        String type = (String) statusAndType[2 * i + 1];
        items.add(
            new BulkEndpoint.Item(
                (Integer) statusAndType[2 * i],
                type,
                type == null ? null : type + " for " + request.operations().get(i).id()));
      }
      return items;
    };
  }

  private static ProductProjectionHandler handlerOver(ScriptedBulk bulk) {
    return handlerOver(bulk, ProductEventUpcaster.CURRENT);
  }

  private static ProductProjectionHandler handlerOver(ScriptedBulk bulk, int newestKnown) {
    ProjectionWriter writer = new ProjectionWriter(bulk, NAMES, Clock.fixed(NOW, ZoneOffset.UTC));
    return new ProductProjectionHandler(writer::write, newestKnown);
  }

  /** The record the previous release's outbox sent for {@code e}: schema version 1. */
  private ConsumerRecord<byte[], byte[]> v1Record(EventEnvelope e) {
    ConsumerRecord<byte[], byte[]> r =
        record(
            e,
            c ->
                c.headers()
                    .remove(EventEnvelope.HEADER_SCHEMA_VERSION)
                    .add(EventEnvelope.HEADER_SCHEMA_VERSION, utf8("1")));
    return withValue(
        r,
        changed(
            e,
            n -> {
              ObjectNode payload = (ObjectNode) n.get("payload");
              JsonNode price = payload.get("price");
              n.put("schema_version", 1);
              payload.put("price", new BigDecimal(price.get("amount").asText()));
              payload.set("currency", price.get("currency"));
            }));
  }

  @Test
  void v1AndV2EventsOfTheSameStateIndexTheSameDocument() {
    ScriptedBulk bulk = new ScriptedBulk();
    bulk.answer = answering(201, null, 200, null);
    EventEnvelope e = created();

    Decision d = handlerOver(bulk).handle(List.of(v1Record(e), record(e)));

    assertThat(d).isEqualTo(Decision.allApplied());
    List<SentOp> ops = bulk.requests.get(0).operations();
    assertThat(ops.get(0).document()).isEqualTo(ops.get(1).document());
    assertThat(ops.get(0).document().get("price_exact").asText()).isEqualTo("19.90");
  }

  @Test
  void thePreviousReleasesProjectionDeadLettersAV2EventAsASchemaMismatch() {
    ScriptedBulk bulk = new ScriptedBulk();
    bulk.answer = answering(201, null);
    EventEnvelope v1 = created();
    EventEnvelope v2 = created();

    Decision d = handlerOver(bulk, 1).handle(List.of(v1Record(v1), record(v2)));

    assertThat(d.retry()).isEmpty();
    assertThat(d.poison()).containsOnlyKeys(1);
    assertThat(d.poison().get(1).exceptionClass())
        .isEqualTo(UnsupportedSchemaException.class.getName());
    assertThat(d.poison().get(1).message())
        .isEqualTo("unsupported schema_version 2 (this reader reads 1 to 1)");
    assertThat(bulk.requests.get(0).operations()).hasSize(1);
    assertThat(bulk.requests.get(0).operations().get(0).id())
        .isEqualTo(v1.aggregateId().toString());
  }

  @Test
  void eachEventIsAnIndexOperationThroughTheAliasAtItsAggregateVersionAsExternalVersion() {
    ScriptedBulk bulk = new ScriptedBulk();
    bulk.answer = answering(201, null, 200, null, 200, null);
    UUID id = UUID.randomUUID();
    List<EventEnvelope> events =
        List.of(
            event(EventType.CREATED, id, 1),
            event(EventType.UPDATED, id, 2),
            event(EventType.DELETED, id, 3));

    Decision d = handlerOver(bulk).handle(events.stream().map(this::record).toList());

    assertThat(d).isEqualTo(Decision.allApplied());
    assertThat(bulk.requests).hasSize(1);
    SentBulk request = bulk.requests.get(0);
    // A missing alias must fail the write rather than auto-create a dynamic index.
    assertThat(request.requireAlias()).isTrue();
    assertThat(request.operations()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      SentOp op = request.operations().get(i);
      assertThat(op.index()).isEqualTo("t1-product_search");
      assertThat(op.id()).isEqualTo(id.toString());
      assertThat(op.version()).isEqualTo(i + 1L);
      assertThat(op.versionType()).isEqualTo("external");
      JsonNode source = op.document();
      assertThat(source.get("version").asLong()).isEqualTo(i + 1L);
      assertThat(source.get("event_id").asText()).isEqualTo(events.get(i).eventId().toString());
      assertThat(source.get("indexed_at").asText()).isEqualTo("2026-01-10T12:01:00.000Z");
    }
    // The delete is a soft delete: the last state, flagged, so an older event cannot revive it.
    JsonNode deleted = request.operations().get(2).document();
    assertThat(deleted.get("deleted").asBoolean()).isTrue();
    assertThat(deleted.get("title").asText()).isEqualTo("Desk lamp");
    assertThat(deleted.get("price_exact").asText()).isEqualTo("19.90");
    assertThat(request.operations().get(0).document().get("deleted").asBoolean()).isFalse();
  }

  @Test
  void bulkItemAnswersBecomeCommitsRetriesAndDeadLetters() {
    ScriptedBulk bulk = new ScriptedBulk();
    bulk.answer =
        answering(
            201, null,
            409, "version_conflict_engine_exception",
            400, "document_parsing_exception",
            429, "es_rejected_execution_exception",
            404, "index_not_found_exception",
            503, "unavailable_shards_exception");
    List<ConsumerRecord<byte[], byte[]>> records =
        Stream.generate(ProductProjectionHandlerTest::created).limit(6).map(this::record).toList();

    Decision d = handlerOver(bulk).handle(records);

    assertThat(d.retry()).containsExactly(3, 4, 5);
    assertThat(d.poison()).containsOnlyKeys(2);
    assertThat(d.poison().get(2).exceptionClass())
        .isEqualTo("elasticsearch.document_parsing_exception");
    assertThat(d.poison().get(2).message()).startsWith("HTTP 400: document_parsing_exception for ");
  }

  @Test
  void anEventTheDocumentRulesRefuseIsADeadLetterAndIsNotSent() {
    ScriptedBulk bulk = new ScriptedBulk();
    bulk.answer = answering(201, null);
    EventEnvelope good = created();
    EventEnvelope wrongVersion = created();
    ConsumerRecord<byte[], byte[]> refused =
        withValue(
            record(wrongVersion),
            changed(wrongVersion, n -> ((ObjectNode) n.get("payload")).put("version", 2)));

    Decision d = handlerOver(bulk).handle(List.of(refused, record(good)));

    assertThat(bulk.requests.get(0).operations()).hasSize(1);
    assertThat(bulk.requests.get(0).operations().get(0).id())
        .isEqualTo(good.aggregateId().toString());
    assertThat(d.retry()).isEmpty();
    assertThat(d.poison()).containsOnlyKeys(0);
    assertThat(d.poison().get(0))
        .isEqualTo(
            new Decision.Poison(
                "elasticsearch.MalformedEventException",
                "HTTP 0: payload.version: differs from aggregate_version"));
  }

  @Test
  void aRequestThatFailsAsAWholeIsRetriedForEveryEventButThePoison() {
    ScriptedBulk bulk = new ScriptedBulk();
    bulk.answer =
        request -> {
          throw new ConnectException("Connection refused");
        };

    Decision d =
        handlerOver(bulk)
            .handle(
                List.of(
                    record(created()),
                    withValue(record(created()), utf8("{not json")),
                    record(created())));

    assertThat(bulk.requests).hasSize(1);
    assertThat(d.retry()).containsExactly(0, 2);
    assertThat(d.poison()).containsOnlyKeys(1);
  }
}
