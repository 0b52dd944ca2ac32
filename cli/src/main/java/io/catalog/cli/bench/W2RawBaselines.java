package io.catalog.cli.bench;

import io.catalog.workers.outbox.OutboxProducers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * W2's raw baselines: the outbox rows' payloads sent by a bare producer, and the relay's
 * transaction shape in plain JDBC.
 */
final class W2RawBaselines {
  private W2RawBaselines() {}

  /** The same payloads, keys and headers as the outbox rows, sent by the same producer settings. */
  static double rawProducer(BenchContext ctx, String topic, int rows, Consumer<String> say)
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
                              OutboxHeaders.of(r.getString("e"), r.getString("t")));
                        })
                    .list());
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> error = new AtomicReference<>();
    try (Producer<String, String> producer =
        OutboxProducers.create(ctx.targets.endpoints().kafkaBootstrap(), rawTopic + "-producer")) {
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
  static long rawRelay(BenchContext ctx, String topic, int batch) throws Exception {
    long published = 0;
    try (Producer<String, String> producer =
            OutboxProducers.create(ctx.targets.endpoints().kafkaBootstrap(), topic + "-raw-relay");
        java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                ctx.targets.endpoints().dbUrl(),
                ctx.targets.endpoints().dbUser(),
                ctx.targets.endpoints().dbPassword());
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
        // The publisher's own plan pin (claim.sql): without it, statistics that predate the
        // backlog made this claim sort every pending row per batch, and the ceiling fell to a
        // sixth in one run of three.
        try (java.sql.Statement pin = c.createStatement()) {
          pin.execute("SET LOCAL enable_sort = off");
        }
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
                        OutboxHeaders.of(r.getString(4), r.getString(5)))));
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
}
