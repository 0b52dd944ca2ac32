package io.catalog.cli.bench;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.ids.Uuids;
import io.catalog.domain.outbox.OutboxEvent;
import io.catalog.domain.outbox.OutboxWakeups;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * W1's baseline: what one product create costs the database alone. Plain JDBC on one connection per
 * thread, prepared statements, one transaction holding a {@code products} row and its {@code
 * outbox_events} row (the same columns, a same-sized envelope), no HTTP, no JSON library, no
 * RETURNING. The rows name a bench topic, so the platform's publisher sends them there; after each
 * commit the writer wakes the publisher as the platform's writers do ({@link OutboxWakeups}), so
 * both phases of W1 publish as they write.
 */
final class RawProductWriter implements AutoCloseable {
  private static final BigDecimal PRICE = new BigDecimal("15.99");

  private record Statements(
      Connection connection, PreparedStatement product, PreparedStatement outbox) {}

  private final BenchTargets targets;
  private final UUID sellerId;
  private final String topic;
  private final OutboxWakeups wakeups;
  private final List<Connection> opened = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Statements> statements = ThreadLocal.withInitial(this::open);

  RawProductWriter(BenchTargets targets, UUID sellerId, String topic, OutboxWakeups wakeups) {
    this.targets = targets;
    this.sellerId = sellerId;
    this.topic = topic;
    this.wakeups = wakeups;
  }

  private Statements open() {
    try {
      Connection c =
          DriverManager.getConnection(
              targets.endpoints().dbUrl(),
              targets.endpoints().dbUser(),
              targets.endpoints().dbPassword());
      c.setAutoCommit(false);
      opened.add(c);
      return new Statements(
          c,
          c.prepareStatement(
              "INSERT INTO products (id, seller_id, title, price, currency, stock) VALUES (?, ?, ?, ?, ?, ?)"),
          c.prepareStatement(
              "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, aggregate_version,"
                  + " event_type, topic, payload, headers, shard_key)"
                  + " VALUES (?, 'product', ?, 1, 'product.created', ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)"));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot connect to " + targets.endpoints().dbUrl() + ": " + e.getMessage(), e);
    }
  }

  void insert() throws SQLException {
    Statements s = statements.get();
    UUID id = Uuids.v7();
    UUID eventId = Uuids.v7();
    s.product().setObject(1, id);
    s.product().setObject(2, sellerId);
    s.product().setString(3, "Wireless Mouse");
    s.product().setBigDecimal(4, PRICE);
    s.product().setString(5, "USD");
    s.product().setInt(6, 100);
    s.product().executeUpdate();
    s.outbox().setObject(1, eventId);
    s.outbox().setObject(2, id);
    s.outbox().setString(3, topic);
    s.outbox().setString(4, envelope(id, eventId, sellerId, Instant.now().toString()));
    s.outbox()
        .setString(
            5,
            "{\"event_id\":\""
                + eventId
                + "\",\"event_type\":\"product.created\",\"schema_version\":\""
                + EventEnvelope.SCHEMA_VERSION
                + "\"}");
    int shardKey = OutboxEvent.shardKey(id);
    s.outbox().setInt(6, shardKey);
    s.outbox().executeUpdate();
    s.connection().commit();
    wakeups.signal(shardKey);
  }

  /**
   * The envelope (docs/architecture.md, "Event envelope") of a created product, by string
   * concatenation, in the schema version {@code ProductEvents} writes (BenchPartsTest reads it back
   * with the projection's reader).
   */
  static String envelope(UUID id, UUID eventId, UUID sellerId, String now) {
    return "{\"event_id\":\""
        + eventId
        + "\",\"event_type\":\"product.created\",\"schema_version\":"
        + EventEnvelope.SCHEMA_VERSION
        + ","
        + "\"aggregate_type\":\"product\",\"aggregate_id\":\""
        + id
        + "\",\"aggregate_version\":1,"
        + "\"occurred_at\":\""
        + now
        + "\",\"correlation_id\":\""
        + eventId
        + "\",\"causation_id\":null,"
        + "\"payload\":{\"id\":\""
        + id
        + "\",\"seller_id\":\""
        + sellerId
        + "\",\"title\":\"Wireless Mouse\","
        + "\"price\":{\"amount\":\"15.99\",\"currency\":\"USD\"},"
        + "\"stock\":100,\"version\":1,\"created_at\":\""
        + now
        + "\",\"updated_at\":\""
        + now
        + "\",\"deleted\":false}}";
  }

  @Override
  public void close() {
    for (Connection c : opened) {
      try {
        c.close();
      } catch (SQLException e) {
        // Closing after the run: the server drops the session anyway.
      }
    }
  }
}
