package io.catalog.cli.bench;

import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** W2's second half: write→Kafka latency at a fixed offered write rate, publishers running. */
final class W2Latency {
  private static final int WRITER_THREADS = 32;

  private W2Latency() {}

  /**
   * Writes at a fixed rate with the publishers running; latency from due time to consumer arrival.
   */
  static void measure(
      BenchContext ctx,
      ProductService service,
      ProductDraft draft,
      String topic,
      BenchReport report,
      Consumer<String> say)
      throws Exception {
    Map<String, Long> due = new ConcurrentHashMap<>();
    Map<String, Long> committed = new ConcurrentHashMap<>();
    Map<String, Long> arrived = new ConcurrentHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(ctx);
        HandlePool handles = new HandlePool(ctx.jdbi, WRITER_THREADS)) {
      readFromEnd(consumer, topic);
      Arrivals reader = new Arrivals(consumer, arrived);
      Thread thread = new Thread(reader, "bench-arrivals");
      thread.start();
      LoadRunner.Outcome writes;
      ProcessMeter.Usage usage;
      try {
        // The reader runs during the warm-up too: its consumer is compiled with the writers.
        warmUp(ctx, handles, service, draft, say);
        ctx.awaitQuiet(Duration.ofMinutes(2));
        // The writers run in this process: --profile samples them as "bench".
        Profiler.Session profile = ctx.profiler.start("W2-writes");
        try (ProcessMeter meter = ProcessMeter.start()) {
          writes =
              offer(
                  ctx,
                  handles,
                  service,
                  draft,
                  (p, dueAt) -> {
                    committed.put(p.id().toString(), System.nanoTime());
                    due.put(p.id().toString(), dueAt);
                  });
          usage = meter.stop();
          profile.stop().forEach(say);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!arrived.keySet().containsAll(due.keySet()) && System.nanoTime() < deadline) {
          Thread.sleep(50); // waiting for the last records to arrive at the reader thread
        }
      } finally {
        reader.stop();
        thread.join(10_000);
      }
      report.note(
          usage.describe(
              String.format(Locale.ROOT, "W2 writes at %.0f/s", ctx.plan.relayRate()), due.size()));
      report(ctx, report, say, writes, due, arrived);
      report.note(split(due, committed, arrived));
    }
  }

  /**
   * The same writes for as long first, not measured. The writers run in this JVM, which has not run
   * the product service before, nor the reader's consumer: without it the compiler was 39 % of the
   * bench's samples while the latency was measured (docs/benchmarks.md, "The write path"). W1 and
   * W5 warm their write paths the same way. Its products are the bench seller's, cleaned up with
   * the rest; its records reach the reader, which only the measured writes are looked up in.
   */
  private static void warmUp(
      BenchContext ctx,
      HandlePool handles,
      ProductService service,
      ProductDraft draft,
      Consumer<String> say)
      throws InterruptedException {
    LoadRunner.Outcome warm = offer(ctx, handles, service, draft, (p, dueAt) -> {});
    say.accept(
        String.format(
            Locale.ROOT,
            "W2 warm-up: %.0f/s offered for %d s, %.0f/s achieved, %d failed, not measured",
            ctx.plan.relayRate(),
            ctx.plan.relaySeconds(),
            warm.perSecond(),
            warm.failed()));
  }

  /** What a caller of {@link #offer} notes of each product as its transaction commits. */
  @FunctionalInterface
  private interface Written {
    void note(Product product, long dueNanos);
  }

  /**
   * W2's writes: {@code relayRate} product creates a second for {@code relaySeconds}, each in its
   * own transaction on one of {@code handles}' connections, all opened before the first is due.
   */
  private static LoadRunner.Outcome offer(
      BenchContext ctx,
      HandlePool handles,
      ProductService service,
      ProductDraft draft,
      Written written)
      throws InterruptedException {
    return LoadRunner.openLoop(
        OpenLoopSchedule.of(ctx.plan.relayRate(), ctx.plan.relaySeconds()),
        WRITER_THREADS,
        Duration.ofSeconds(ctx.plan.relaySeconds() + 10L),
        (i, dueAt) ->
            written.note(
                handles.with(
                    h -> h.inTransaction(t -> service.create(t, draft, WriteContext.none()))),
                dueAt));
  }

  private static KafkaConsumer<String, byte[]> consumer(BenchContext ctx) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ctx.targets.endpoints().kafkaBootstrap(),
            ConsumerConfig.CLIENT_ID_CONFIG,
            ctx.benchNames.prefix() + "arrivals",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class));
  }

  /** Every partition of {@code topic}, positioned at its end before the first write. */
  private static void readFromEnd(KafkaConsumer<String, byte[]> consumer, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /** The latency row, the progress line, and a failure when a write failed or never arrived. */
  private static void report(
      BenchContext ctx,
      BenchReport report,
      Consumer<String> say,
      LoadRunner.Outcome writes,
      Map<String, Long> due,
      Map<String, Long> arrived) {
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
            CurvePoint.of("W2", ctx.plan.relayRate(), writes.perSecond(), latencies),
            "write→Kafka"));
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

  /**
   * Where the time went: from due time to the write's commit (the writer's own transaction and any
   * queueing for a writer thread), and from that commit to the record's arrival (the relay, the
   * broker and the consumer's fetch).
   */
  private static String split(
      Map<String, Long> due, Map<String, Long> committed, Map<String, Long> arrived) {
    Latencies write = new Latencies();
    Latencies relay = new Latencies();
    for (var e : due.entrySet()) {
      Long at = committed.get(e.getKey());
      Long seen = arrived.get(e.getKey());
      if (at != null && seen != null) {
        write.recordNanos(at - e.getValue());
        relay.recordNanos(seen - at);
      }
    }
    return String.format(
        Locale.ROOT,
        "W2 write→Kafka split: due→commit p50 %.1f / p99 %.1f / max %.1f ms;"
            + " commit→arrival p50 %.1f / p99 %.1f / max %.1f ms",
        write.p50(),
        write.p99(),
        write.maxMillis(),
        relay.p50(),
        relay.p99(),
        relay.maxMillis());
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
