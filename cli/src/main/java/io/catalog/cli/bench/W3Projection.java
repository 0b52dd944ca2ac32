package io.catalog.cli.bench;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.ids.Uuids;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.Product;
import io.catalog.search.index.MappingVersion;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.projection.ProductDocument;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.workers.dlq.DeadLetterProducers;
import io.catalog.workers.dlq.DeadLetterPublisher;
import io.catalog.workers.kafka.BatchHandler;
import io.catalog.workers.kafka.ConsumerLoop;
import io.catalog.workers.kafka.Consumers;
import io.catalog.workers.kafka.SendErrors;
import io.catalog.workers.outbox.OutboxProducers;
import io.catalog.workers.projection.ProductProjectionHandler;
import io.catalog.workers.projection.ProjectionService;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * W3: the projection. M product events (built by the platform's one envelope builder) are put on a
 * bench topic; the platform's {@link ConsumerLoop} with {@link ProductProjectionHandler} and {@link
 * ProjectionWriter} drains them from a fresh consumer group into a fresh alias; against a raw
 * {@code _bulk} of the same documents into a fresh index with the same mapping and settings.
 */
final class W3Projection implements Workload.Body {
  private static final int BULK_STREAMS = 2;
  private static final int BATCH = 1000;

  /** Send rounds for the preload before a retriable failure (an expired batch) fails W3. */
  private static final int PRELOAD_ROUNDS = 4;

  @Override
  public void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception {
    PlatformNames names = ctx.names("w3");
    ctx.provisionTopics(names);
    int events = ctx.plan.projectionEvents();
    List<ProductDocument> documents = produce(ctx, names, events);
    ctx.awaitQuiet(Duration.ofMinutes(2));

    double projected = project(ctx, names, events, say);
    SearchIndexes indexes = new SearchIndexes(ctx.elasticsearch, names);
    String index = indexes.createIndex(MappingVersion.NEWEST, Instant.now().plusSeconds(1), false);
    RawBulk.Outcome raw =
        new RawBulk(ctx.targets.endpoints().elasticsearchBase())
            .load(index, documents.iterator(), BATCH, BULK_STREAMS);
    say.accept(
        String.format(
            Locale.ROOT,
            "W3 raw _bulk: %d docs in %.2f s: %.0f docs/s (%d refused)",
            raw.documents(),
            raw.seconds(),
            raw.perSecond(),
            raw.failed()));
    report.row(
        BenchRow.throughput(
            "W3", "projection docs/s (consumer → alias)", projected, raw.perSecond()));
    indexes.refresh(names.searchAlias());
    indexes.refresh(index);
    long viaAlias = indexes.count(names.searchAlias());
    long inRaw = indexes.count(index);
    if (viaAlias != events || inRaw != events) {
      report.note(
          "W3: expected "
              + events
              + " documents, the alias holds "
              + viaAlias
              + ", the raw index "
              + inRaw);
    }
  }

  /** Puts {@code events} product.created events on the bench topic; returns their documents. */
  private static List<ProductDocument> produce(BenchContext ctx, PlatformNames names, int events)
      throws Exception {
    List<ProductDocument> documents = new ArrayList<>(events);
    List<ProducerRecord<String, String>> records = new ArrayList<>(events);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (int i = 0; i < events; i++) {
      Product product =
          new Product(
              Uuids.v7(),
              ctx.rawSeller,
              "Wireless Mouse " + i,
              new BigDecimal("15.99"),
              "USD",
              100,
              1,
              now,
              now,
              null);
      EventEnvelope envelope = ProductEvents.envelope(EventType.CREATED, product, null, null);
      records.add(
          new ProducerRecord<>(
              names.productEvents(),
              null,
              product.id().toString(),
              Json.write(envelope),
              OutboxHeaders.of(envelope.eventId().toString(), envelope.eventType())));
      documents.add(ProductDocument.fromEnvelope(envelope));
    }
    try (Producer<String, String> producer =
        OutboxProducers.create(
            ctx.targets.endpoints().kafkaBootstrap(), names.prefix() + "events-producer")) {
      // Every record must be on the topic, or the projection would wait for events that never came.
      // A loaded broker can let a batch expire unsent (delivery timeout); those are sent again.
      List<ProducerRecord<String, String>> pending = records;
      for (int round = 1; !pending.isEmpty(); round++) {
        pending = sendAll(producer, pending, round < PRELOAD_ROUNDS);
      }
    }
    return documents;
  }

  /**
   * Sends {@code records} and returns those that failed with an error the outbox would retry too
   * ({@link SendErrors#isRetriable}), to send again; throws on any other failure, or on a retriable
   * one when {@code retryable} is false.
   */
  private static List<ProducerRecord<String, String>> sendAll(
      Producer<String, String> producer,
      List<ProducerRecord<String, String>> records,
      boolean retryable)
      throws InterruptedException, ExecutionException {
    List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
    for (ProducerRecord<String, String> record : records) {
      sends.add(producer.send(record));
    }
    producer.flush();
    List<ProducerRecord<String, String>> failed = new ArrayList<>();
    for (int i = 0; i < sends.size(); i++) {
      try {
        sends.get(i).get();
      } catch (ExecutionException e) {
        if (!retryable || !SendErrors.isRetriable(e.getCause())) {
          throw e;
        }
        failed.add(records.get(i));
      }
    }
    return failed;
  }

  /**
   * Runs the platform's consumer loop until it applied every event; documents per second from the
   * first batch handed to the handler to the last one applied (the group join before is excluded
   * and reported apart).
   */
  private static double project(
      BenchContext ctx, PlatformNames names, int events, Consumer<String> say) throws Exception {
    new SearchIndexes(ctx.elasticsearch, names).ensureAlias();
    ProjectionWriter writer = new ProjectionWriter(ctx.elasticsearch, names);
    ProductProjectionHandler handler = new ProductProjectionHandler(writer::write);
    LoopProgress progress = new LoopProgress(events);
    BatchHandler timed =
        records -> {
          progress.firstBatchAt.compareAndSet(0, System.nanoTime());
          return handler.handle(records);
        };
    try (Producer<byte[], byte[]> dlq =
        DeadLetterProducers.create(
            ctx.targets.endpoints().kafkaBootstrap(), names.prefix() + "dlq")) {
      long start = System.nanoTime();
      ConsumerLoop loop =
          new ConsumerLoop(
              "bench-projection",
              Consumers.create(
                  ctx.targets.endpoints().kafkaBootstrap(),
                  names.projectionGroup(),
                  names.prefix() + "projection",
                  ProjectionService.Settings.defaults().batchSize()),
              names.productEvents(),
              timed,
              new DeadLetterPublisher(dlq, names.dlqProductEvents(), names.projectionGroup()),
              ProjectionService.Settings.defaults().maxPoisonAttempts(),
              progress);
      Thread thread = new Thread(loop, "bench-projection");
      thread.start();
      boolean finished = progress.done.await(10, TimeUnit.MINUTES);
      long end = System.nanoTime();
      loop.close();
      thread.join(15_000);
      if (!finished) {
        throw new IllegalStateException(
            "the projection applied "
                + progress.applied.get()
                + " of "
                + events
                + " events in 10 min");
      }
      double seconds = (end - progress.firstBatchAt.get()) / 1e9;
      double rate = progress.applied.get() / seconds;
      say.accept(
          String.format(
              Locale.ROOT,
              "W3 projection: %d docs in %.2f s after a %.2f s group join: %.0f docs/s (%d dead-lettered)",
              progress.applied.get(),
              seconds,
              (progress.firstBatchAt.get() - start) / 1e9,
              rate,
              progress.deadLettered.get()));
      return rate;
    }
  }

  /** What the consumer loop reports: applied and dead-lettered records, done at {@code events}. */
  private static final class LoopProgress implements ConsumerLoop.Listener {
    final AtomicLong firstBatchAt = new AtomicLong();
    final AtomicLong applied = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final CountDownLatch done = new CountDownLatch(1);
    private final int events;

    LoopProgress(int events) {
      this.events = events;
    }

    @Override
    public void applied(int records) {
      if (applied.addAndGet(records) >= events) {
        done.countDown();
      }
    }

    @Override
    public void deadLettered(int records) {
      deadLettered.addAndGet(records);
    }
  }
}
