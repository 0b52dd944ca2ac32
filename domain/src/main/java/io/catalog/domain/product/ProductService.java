package io.catalog.domain.product;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.ids.Uuids;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.outbox.OutboxDao;
import io.catalog.domain.outbox.OutboxEvent;
import io.catalog.domain.outbox.OutboxWakeups;
import io.catalog.domain.product.db.CreateGroupCommit;
import io.catalog.domain.product.db.ProductDao;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The only code that changes products. Each change writes the product row and its outbox row in the
 * caller's transaction, so both commit or neither does. The REST API and the command consumer both
 * come through here: one validation, one event builder, one outbox write.
 */
public final class ProductService {
  private static final Logger log = LoggerFactory.getLogger(ProductService.class);

  /** Cents: the scale of {@code products.price}, which Postgres would round a longer price to. */
  private static final int PRICE_SCALE = 2;

  /** Create transactions in flight at once; more creates than that share them. */
  private static final int CREATE_LANES = 2;

  private final Jdbi jdbi;
  private final PlatformNames names;
  private final OutboxWakeups wakeups;
  private final CreateGroupCommit groupCommit;

  public ProductService(Jdbi jdbi, PlatformNames names) {
    this(jdbi, names, new OutboxWakeups(jdbi));
  }

  /** With the given wake-ups of publishers (tests watch them). */
  public ProductService(Jdbi jdbi, PlatformNames names, OutboxWakeups wakeups) {
    this.jdbi = jdbi;
    this.names = names;
    this.wakeups = wakeups;
    this.groupCommit = new CreateGroupCommit(jdbi, CREATE_LANES);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** The group commit of {@link #create(ProductDraft, WriteContext)}, for its counters. */
  public CreateGroupCommit groupCommit() {
    return groupCommit;
  }

  /**
   * A create is one statement (the product row and its outbox row, {@link ProductDao#insert}), so
   * it needs no transaction of its own. Creates that arrive together commit together ({@link
   * CreateGroupCommit}): one transaction, one round trip and one WAL flush for all of them. The
   * create so commits on its own, possibly from another request's thread, and never joins a
   * transaction the caller has open: a create that must, passes its handle ({@link #create(Handle,
   * ProductDraft, WriteContext)}).
   */
  public Product create(ProductDraft draft, WriteContext ctx) {
    Created created = newProduct(draft, ctx);
    groupCommit.insert(created.product(), created.row());
    wakeups.signal(created.row().shardKey());
    logRecorded(created.envelope(), created.product());
    return created.product();
  }

  public Product update(UUID id, long expectedVersion, ProductDraft draft, WriteContext ctx) {
    return jdbi.inTransaction(h -> update(h, id, expectedVersion, draft, ctx));
  }

  public Product delete(UUID id, Long expectedVersion, WriteContext ctx) {
    return jdbi.inTransaction(h -> delete(h, id, expectedVersion, ctx));
  }

  /** A create in the caller's transaction on {@code h} (an idempotent create, a command). */
  public Product create(Handle h, ProductDraft draft, WriteContext ctx) {
    Created created = newProduct(draft, ctx);
    ProductDao.on(h).insert(created.product(), created.row());
    wakePublisherOnCommit(h, created.row());
    logRecorded(created.envelope(), created.product());
    return created.product();
  }

  /** A new product and the outbox row that records it, before either is written. */
  private record Created(Product product, EventEnvelope envelope, OutboxEvent row) {}

  /**
   * The draft as version 1 under a new time-ordered id, stamped with this clock (to the
   * microsecond, the column's precision), and its event.
   */
  private Created newProduct(ProductDraft draft, WriteContext ctx) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    Product product =
        new Product(
            Uuids.v7(),
            draft.sellerId(),
            draft.title(),
            draft.price().setScale(PRICE_SCALE, RoundingMode.HALF_UP),
            draft.currency(),
            draft.stock(),
            1,
            now,
            now,
            null,
            draft.category());
    EventEnvelope envelope = envelope(EventType.CREATED, product, ctx);
    return new Created(product, envelope, outboxRow(envelope));
  }

  public Product update(
      Handle h, UUID id, long expectedVersion, ProductDraft draft, WriteContext ctx) {
    ProductDao dao = ProductDao.on(h);
    Product updated =
        dao.update(id, expectedVersion, draft)
            .orElseThrow(() -> conflictOrMissing(dao, id, expectedVersion));
    record(h, EventType.UPDATED, updated, ctx);
    return updated;
  }

  /** Soft delete; {@code expectedVersion} null means "whatever the current version is". */
  public Product delete(Handle h, UUID id, Long expectedVersion, WriteContext ctx) {
    ProductDao dao = ProductDao.on(h);
    long expected =
        expectedVersion != null
            ? expectedVersion
            : dao.findForUpdate(id)
                .filter(p -> !p.deleted())
                .orElseThrow(() -> new ProductNotFoundException(id))
                .version();
    Product deleted =
        dao.softDelete(id, expected).orElseThrow(() -> conflictOrMissing(dao, id, expected));
    record(h, EventType.DELETED, deleted, ctx);
    return deleted;
  }

  /**
   * Adds {@code delta} to the stock; fails when the product is missing or stock would go negative.
   */
  public Product adjustStock(Handle h, UUID id, int delta, WriteContext ctx) {
    ProductDao dao = ProductDao.on(h);
    Product adjusted =
        dao.adjustStock(id, delta)
            .orElseThrow(
                () -> {
                  Product current =
                      dao.find(id)
                          .filter(p -> !p.deleted())
                          .orElseThrow(() -> new ProductNotFoundException(id));
                  return new ValidationException(
                      "validation failed",
                      java.util.List.of(
                          new FieldError(
                              "delta",
                              "would make stock negative (stock is " + current.stock() + ")")),
                      false);
                });
    record(h, EventType.UPDATED, adjusted, ctx);
    return adjusted;
  }

  private static RuntimeException conflictOrMissing(ProductDao dao, UUID id, long expected) {
    return dao.find(id)
        .filter(p -> !p.deleted())
        .<RuntimeException>map(p -> new VersionConflictException(expected, p.version()))
        .orElseGet(() -> new ProductNotFoundException(id));
  }

  private void record(Handle h, EventType type, Product product, WriteContext ctx) {
    EventEnvelope envelope = envelope(type, product, ctx);
    OutboxEvent row = outboxRow(envelope);
    OutboxDao.on(h).insert(row);
    wakePublisherOnCommit(h, row);
    logRecorded(envelope, product);
  }

  /**
   * The publisher of the row's shard is woken once the row is visible to it: after the caller's
   * commit, or now when the statement committed on its own. A rollback wakes nobody.
   */
  private void wakePublisherOnCommit(Handle h, OutboxEvent row) {
    if (h.isInTransaction()) {
      h.afterCommit(() -> wakeups.signal(row.shardKey()));
    } else {
      wakeups.signal(row.shardKey());
    }
  }

  private static EventEnvelope envelope(EventType type, Product product, WriteContext ctx) {
    return ProductEvents.envelope(type, product, ctx.correlationId(), ctx.causationId());
  }

  /** The outbox row of {@code envelope}: the finished event, its Kafka headers, its topic. */
  private OutboxEvent outboxRow(EventEnvelope envelope) {
    ObjectNode headers = Json.mapper().createObjectNode();
    headers.put(EventEnvelope.HEADER_EVENT_ID, envelope.eventId().toString());
    headers.put(EventEnvelope.HEADER_EVENT_TYPE, envelope.eventType());
    headers.put(EventEnvelope.HEADER_SCHEMA_VERSION, String.valueOf(envelope.schemaVersion()));
    return new OutboxEvent(
        envelope.eventId(),
        envelope.aggregateType(),
        envelope.aggregateId(),
        envelope.aggregateVersion(),
        envelope.eventType(),
        names.productEvents(),
        Json.write(envelope),
        Json.write(headers));
  }

  /**
   * Structured fields for JSON logs. Logged once the statement has run: inside the caller's
   * transaction, so "recorded" means "in this transaction", or, for a create on its own, committed.
   */
  private static void logRecorded(EventEnvelope envelope, Product product) {
    try (MDC.MDCCloseable a = MDC.putCloseable("aggregate_id", product.id().toString());
        MDC.MDCCloseable e = MDC.putCloseable("event_id", envelope.eventId().toString())) {
      log.info("recorded {} v{} in the outbox", envelope.eventType(), product.version());
    }
  }
}
