package io.catalog.cli.bench;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.workers.WorkersConfig;
import io.catalog.workers.outbox.OneShotPublisher;
import io.catalog.workers.outbox.OutboxProducers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * W2: the outbox relay. M rows are preloaded with the API's {@link ProductService} while the
 * platform's publishers are paused, then drained (a) by the publisher workflows of the running
 * workers, (b) by {@link OneShotPublisher} in this process; against a raw idempotent acks=all
 * producer sending the same payloads. Then write→Kafka latency at a fixed offered write rate with
 * the publishers running. The rows name a bench topic: no event reaches the platform's read model.
 */
final class W2OutboxRelay extends Workload {
  private static final int PRELOAD_THREADS = 4;
  private static final int PRELOAD_BATCH = 250;
  private static final int WRITER_THREADS = 32;

  W2OutboxRelay() {
    super("W2", "outbox relay vs raw idempotent producer; write→Kafka latency");
  }

  @Override
  public void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception {
    ProductService service = new ProductService(ctx.jdbi, ctx.benchNames);
    ProductDraft draft =
        new ProductDraft(ctx.rawSeller, "Wireless Mouse", new BigDecimal("15.99"), "USD", 100);
    int rows = ctx.plan.relayRows();
    String topic = ctx.benchNames.productEvents();
    ctx.awaitQuiet(Duration.ofMinutes(2));

    Profiler.Session[] relayProfile = new Profiler.Session[1];
    ProcessMeter[] relayMeter = new ProcessMeter[1];
    double viaWorkflow =
        drain(
            ctx,
            service,
            draft,
            rows,
            say,
            "publisher workflows",
            () -> {
              relayProfile[0] = ctx.profiler.start("W2-relay");
              relayMeter[0] = ProcessMeter.start();
              long before = published(ctx, topic);
              ctx.publishers().resumeAll();
              awaitNoPending(ctx, topic, Duration.ofMinutes(10));
              // Rows that reached PUBLISHED, not rows written: a row that failed is not an event
              // sent.
              return published(ctx, topic) - before;
            });
    report.note(relayMeter[0].stop().describe("W2 publisher-workflow drain", rows));
    relayProfile[0].stop().forEach(report::note);
    double viaOneShot;
    // Connected before the clock starts, like `platform process-outbox` is before it publishes.
    try (OneShotPublisher publisher = OneShotPublisher.connect(workersConfig(ctx))) {
      viaOneShot =
          drain(
              ctx,
              service,
              draft,
              rows,
              say,
              "one-shot publisher",
              () -> publisher.publishPending(OneShotPublisher.DEFAULT_BATCH_SIZE).published());
    }
    double raw = rawProducer(ctx, topic, rows, say);
    // The relay's real ceiling: the same transaction shape with nothing of the platform around it.
    double rawRelay =
        drain(
            ctx,
            service,
            draft,
            rows,
            say,
            "raw claim+produce+mark",
            () -> rawRelay(ctx, topic, OneShotPublisher.DEFAULT_BATCH_SIZE));
    report.row(
        BenchRow.throughput(
            "W2", "relay events/s, publisher workflows vs raw relay", viaWorkflow, rawRelay));
    report.row(
        BenchRow.throughput(
            "W2", "relay events/s, one-shot publisher vs raw relay", viaOneShot, rawRelay));
    report.row(
        BenchRow.throughput(
            "W2", "raw relay vs raw producer (claim+mark overhead)", rawRelay, raw));

    ctx.awaitQuiet(Duration.ofMinutes(2));
    latency(ctx, service, draft, topic, report, say);
  }

  private interface Drain {
    long run() throws Exception;
  }

  /** Pauses the publishers, preloads {@code rows}, then times {@code drain}; events per second. */
  private double drain(
      BenchContext ctx,
      ProductService service,
      ProductDraft draft,
      int rows,
      Consumer<String> say,
      String how,
      Drain drain)
      throws Exception {
    ctx.publishers().pauseAll(Duration.ofMinutes(1));
    long published;
    double seconds;
    try {
      long preloadStart = System.nanoTime();
      preload(ctx, service, draft, rows);
      double preloadSeconds = (System.nanoTime() - preloadStart) / 1e9;
      say.accept(
          String.format(
              Locale.ROOT,
              "W2 preloaded %d outbox rows in %.1f s (%.0f creates/s, %d per transaction)",
              rows,
              preloadSeconds,
              rows / preloadSeconds,
              PRELOAD_BATCH));
      long start = System.nanoTime();
      published = drain.run();
      seconds = (System.nanoTime() - start) / 1e9;
    } finally {
      ctx.publishers().resumeAll();
    }
    double rate = published / seconds;
    say.accept(
        String.format(
            Locale.ROOT,
            "W2 %s drained %d rows in %.1f s: %.0f events/s",
            how,
            published,
            seconds,
            rate));
    return rate;
  }

  private static void preload(
      BenchContext ctx, ProductService service, ProductDraft draft, int rows) throws Exception {
    ExecutorService pool =
        Executors.newFixedThreadPool(PRELOAD_THREADS, LoadRunner.daemon("bench-preload"));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int from = 0; from < rows; from += PRELOAD_BATCH) {
        int n = Math.min(PRELOAD_BATCH, rows - from);
        done.add(
            pool.submit(
                () ->
                    ctx.jdbi.useTransaction(
                        h -> {
                          for (int i = 0; i < n; i++) {
                            service.create(h, draft, WriteContext.none());
                          }
                        })));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitNoPending(BenchContext ctx, String topic, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending(ctx, topic) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the publishers did not drain " + topic + " rows within " + timeout);
      }
      Thread.sleep(20); // polling the outbox; the publisher has no completion signal
    }
  }

  private static long published(BenchContext ctx, String topic) {
    return ctx.jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM outbox_events WHERE status = 'PUBLISHED' AND topic = :t")
                .bind("t", topic)
                .mapTo(Long.class)
                .one());
  }

  private static long pending(BenchContext ctx, String topic) {
    return ctx.jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM outbox_events WHERE status = 'PENDING' AND topic = :t")
                .bind("t", topic)
                .mapTo(Long.class)
                .one());
  }

  private static WorkersConfig workersConfig(BenchContext ctx) {
    Map<String, String> env = new HashMap<>();
    env.put("DB_URL", ctx.targets.dbUrl());
    env.put("DB_USER", ctx.targets.dbUser());
    env.put("DB_PASSWORD", ctx.targets.dbPassword());
    env.put("KAFKA_BOOTSTRAP", ctx.targets.kafkaBootstrap());
    env.put("ES_URL", ctx.targets.elasticsearchUrl());
    env.put("TEMPORAL_TARGET", ctx.targets.temporalTarget());
    env.put("PLATFORM_NAME_PREFIX", ctx.targets.namePrefix());
    return WorkersConfig.fromEnv(env);
  }

  /** The same payloads, keys and headers as the outbox rows, sent by the same producer settings. */
  private static double rawProducer(BenchContext ctx, String topic, int rows, Consumer<String> say)
      throws Exception {
    String rawTopic = ctx.benchNames.prefix() + "raw.events";
    ctx.kafka
        .createTopics(List.of(new NewTopic(rawTopic, Optional.of(3), Optional.empty())))
        .all()
        .get(30, TimeUnit.SECONDS);
    List<ProducerRecord<String, String>> records =
        ctx.jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT aggregate_id::text AS k, payload::text AS v, event_id::text AS e, event_type AS t"
                            + " FROM outbox_events WHERE topic = :t ORDER BY id LIMIT :n")
                    .bind("t", topic)
                    .bind("n", rows)
                    .map(
                        (r, c) -> {
                          return new ProducerRecord<>(
                              rawTopic,
                              null,
                              r.getString("k"),
                              r.getString("v"),
                              eventHeaders(r.getString("e"), r.getString("t")));
                        })
                    .list());
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> error = new AtomicReference<>();
    try (Producer<String, String> producer =
        OutboxProducers.create(ctx.targets.kafkaBootstrap(), rawTopic + "-producer")) {
      producer.partitionsFor(rawTopic); // metadata fetched before the clock starts
      long start = System.nanoTime();
      for (ProducerRecord<String, String> r : records) {
        producer.send(
            r,
            (m, e) -> {
              if (e != null) {
                failed.incrementAndGet();
                error.set(e.toString());
              }
            });
      }
      producer.flush();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " raw sends failed: " + error.get());
      }
      double rate = records.size() / seconds;
      say.accept(
          String.format(
              Locale.ROOT,
              "W2 raw producer: %d records in %.2f s: %.0f records/s",
              records.size(),
              seconds,
              rate));
      return rate;
    }
  }

  /**
   * The raw relay: in one transaction per batch, claim {@code batch} PENDING rows in id order
   * ({@code FOR UPDATE SKIP LOCKED}), send them with the outbox's producer settings, wait for every
   * ack, mark them PUBLISHED, commit; until none is left. Plain JDBC, no per-product order check,
   * no Temporal, no heartbeats, no metrics: what the database and the broker allow for this shape.
   */
  private static long rawRelay(BenchContext ctx, String topic, int batch) throws Exception {
    long published = 0;
    try (Producer<String, String> producer =
            OutboxProducers.create(ctx.targets.kafkaBootstrap(), topic + "-raw-relay");
        java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                ctx.targets.dbUrl(), ctx.targets.dbUser(), ctx.targets.dbPassword());
        java.sql.PreparedStatement claim =
            c.prepareStatement(
                "SELECT id, aggregate_id::text, payload::text, event_id::text, event_type FROM outbox_events"
                    + " WHERE status = 'PENDING' AND topic = ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED");
        java.sql.PreparedStatement mark =
            c.prepareStatement(
                "UPDATE outbox_events SET status = 'PUBLISHED', published_at = clock_timestamp() WHERE id = ANY(?)")) {
      producer.partitionsFor(topic);
      c.setAutoCommit(false);
      while (true) {
        claim.setString(1, topic);
        claim.setInt(2, batch);
        List<Long> ids = new ArrayList<>(batch);
        List<Future<?>> acks = new ArrayList<>(batch);
        try (java.sql.ResultSet r = claim.executeQuery()) {
          while (r.next()) {
            ids.add(r.getLong(1));
            acks.add(
                producer.send(
                    new ProducerRecord<>(
                        topic,
                        null,
                        r.getString(2),
                        r.getString(3),
                        eventHeaders(r.getString(4), r.getString(5)))));
          }
        }
        if (ids.isEmpty()) {
          c.commit();
          return published;
        }
        for (Future<?> ack : acks) {
          ack.get(2, TimeUnit.MINUTES);
        }
        mark.setArray(1, c.createArrayOf("bigint", ids.toArray()));
        mark.executeUpdate();
        c.commit();
        published += ids.size();
      }
    }
  }

  /**
   * The headers the outbox gives every event (its rows' schema is version 1), for both raw
   * baselines.
   */
  private static RecordHeaders eventHeaders(String eventId, String eventType) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(EventEnvelope.HEADER_EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
    headers.add(EventEnvelope.HEADER_EVENT_TYPE, eventType.getBytes(StandardCharsets.UTF_8));
    headers.add(EventEnvelope.HEADER_SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  /**
   * Writes at a fixed rate with the publishers running; latency from due time to consumer arrival.
   */
  private static void latency(
      BenchContext ctx,
      ProductService service,
      ProductDraft draft,
      String topic,
      BenchReport report,
      Consumer<String> say)
      throws Exception {
    Map<String, Long> due = new ConcurrentHashMap<>();
    Map<String, Long> arrived = new ConcurrentHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ctx.targets.kafkaBootstrap(),
                    ConsumerConfig.CLIENT_ID_CONFIG,
                    ctx.benchNames.prefix() + "arrivals",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class));
        HandlePerThread handles = new HandlePerThread(ctx.jdbi)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      Arrivals reader = new Arrivals(consumer, arrived);
      Thread thread = new Thread(reader, "bench-arrivals");
      thread.start();
      OpenLoopSchedule schedule =
          OpenLoopSchedule.of(ctx.plan.relayRate(), ctx.plan.relaySeconds());
      LoadRunner.Outcome writes;
      try {
        writes =
            LoadRunner.openLoop(
                schedule,
                WRITER_THREADS,
                Duration.ofSeconds(ctx.plan.relaySeconds() + 10L),
                (i, dueAt) -> {
                  Product p =
                      handles
                          .get()
                          .inTransaction(h -> service.create(h, draft, WriteContext.none()));
                  due.put(p.id().toString(), dueAt);
                });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!arrived.keySet().containsAll(due.keySet()) && System.nanoTime() < deadline) {
          Thread.sleep(50); // waiting for the last records to arrive at the reader thread
        }
      } finally {
        reader.stop();
        thread.join(10_000);
      }
      Latencies latencies = new Latencies();
      long missing = 0;
      for (var e : due.entrySet()) {
        Long at = arrived.get(e.getKey());
        if (at == null) {
          missing++;
        } else {
          latencies.recordNanos(at - e.getValue());
        }
      }
      report.row(
          BenchRow.latency(
              "W2",
              String.format(
                  Locale.ROOT, "write→Kafka at %.0f/s offered: achieved/s", ctx.plan.relayRate()),
              writes.perSecond(),
              latencies));
      say.accept(
          String.format(
              Locale.ROOT,
              "W2 write→Kafka at %.0f/s: achieved %.0f/s, p50 %.1f ms, p99 %.1f ms, %d not arrived",
              ctx.plan.relayRate(),
              writes.perSecond(),
              latencies.p50(),
              latencies.p99(),
              missing));
      if (missing > 0 || writes.failed() > 0) {
        // Lost or failed writes make the percentiles a measure of the survivors: not a result.
        report.failure(
            "W2",
            "latency: "
                + missing
                + " records did not arrive within 60 s, "
                + writes.failed()
                + " writes failed");
      }
    }
  }

  /** The consumer thread: notes when each key arrives, until stopped. */
  private static final class Arrivals implements Runnable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Long> arrived;
    private volatile boolean running = true;

    Arrivals(KafkaConsumer<String, byte[]> consumer, Map<String, Long> arrived) {
      this.consumer = consumer;
      this.arrived = arrived;
    }

    @Override
    public void run() {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(100));
        long now = System.nanoTime();
        records.forEach(r -> arrived.putIfAbsent(r.key(), now));
      }
    }

    void stop() {
      running = false;
    }
  }
}
