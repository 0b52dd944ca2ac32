package io.catalog.operations.dlq;

import io.catalog.domain.dlq.DlqEntry;
import io.catalog.domain.dlq.DlqEntryDao;
import io.catalog.domain.dlq.DlqEntryDao.Where;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.dlq.DlqAction;
import io.catalog.workflows.dlq.DlqActionResult;
import io.catalog.workflows.dlq.DlqCount;
import io.catalog.workflows.dlq.DlqFilter;
import io.catalog.workflows.dlq.DlqSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter actions, one implementation for the triage workflow's activities, {@code platform
 * dlq} (directly, so it works while the workers are down) and, through the workflow, the ops API.
 *
 * <pre>{@code
 * DlqOperations dlq = new DlqOperations(jdbi, DeadLetterProducers.create(bootstrap, "cli"), bootstrap, names);
 * dlq.list(DlqFilter.ofClass("validation"), "PARKED", 100);
 * dlq.replay(DlqFilter.ofClass("validation").requestedBy("alice"), false);  // republish, mark REPLAYED
 * dlq.discard(DlqFilter.ofClass("malformed"), true);                         // dry run
 * }</pre>
 *
 * <p>Replay and discard act only on entries that are PARKED when the call starts (entries parked
 * meanwhile, e.g. a replayed event failing again, wait for the next call: a replay never feeds
 * itself). A replayed record keeps key, value and every header, {@code event_id} and {@code
 * dlq.attempts} included, so if it fails again the consumer dead-letters it with the attempts added
 * up, as a new PARKED entry. An event older than its product is never republished to {@code
 * product.events}: its entry becomes SKIPPED ({@link StaleEvents}).
 */
public final class DlqOperations {
  private static final Logger log = LoggerFactory.getLogger(DlqOperations.class);
  static final int CHUNK = 500;
  private static final String COLUMNS = DlqEntryDao.COLUMNS;
  private static final Set<String> STATUSES = Set.of("PARKED", "REPLAYED", "DISCARDED", "SKIPPED");

  private final Jdbi jdbi;
  private final DlqEntryDao entries;
  private final Producer<byte[], byte[]> producer;
  private final String kafkaBootstrap;
  private final PlatformNames names;

  /**
   * @param producer bytes in, bytes out, acks=all ({@code DeadLetterProducers.create}); shared, not
   *     closed here
   */
  public DlqOperations(
      Jdbi jdbi, Producer<byte[], byte[]> producer, String kafkaBootstrap, PlatformNames names) {
    this.jdbi = jdbi;
    this.entries = new DlqEntryDao(jdbi);
    this.producer = producer;
    this.kafkaBootstrap = kafkaBootstrap;
    this.names = names;
  }

  public PlatformNames names() {
    return names;
  }

  /**
   * Classifies and stores dead letters as PARKED; a record stored before (same topic, partition and
   * offset) is left as it is, whatever its status.
   *
   * @return entries newly stored
   */
  public int park(List<ConsumerRecord<byte[], byte[]>> records) {
    if (records.isEmpty()) {
      return 0;
    }
    return jdbi.inTransaction(
        h -> {
          PreparedBatch batch =
              h.prepareBatch(
                  "INSERT INTO dlq_entries (event_id, dlq_topic, dlq_partition, dlq_offset,"
                      + " original_topic, original_partition, original_offset, record_key,"
                      + " record_key_bytes, record_value, headers, error_class, exception_class,"
                      + " exception_message, attempts, failed_at) VALUES (:eventId, :dlqTopic,"
                      + " :dlqPartition, :dlqOffset, :originalTopic, :originalPartition,"
                      + " :originalOffset, :recordKey, :recordKeyBytes, :recordValue,"
                      + " cast(:headersJson AS jsonb), :errorClass, :exceptionClass,"
                      + " :exceptionMessage, :attempts, :failedAt) ON CONFLICT (dlq_topic,"
                      + " dlq_partition, dlq_offset) DO NOTHING");
          for (ConsumerRecord<byte[], byte[]> r : records) {
            DeadLetter d = DeadLetter.of(r);
            batch
                .bind("eventId", d.eventId())
                .bind("dlqTopic", d.dlqTopic())
                .bind("dlqPartition", d.dlqPartition())
                .bind("dlqOffset", d.dlqOffset())
                .bind("originalTopic", d.originalTopic())
                .bind("originalPartition", d.originalPartition())
                .bind("originalOffset", d.originalOffset())
                .bind("recordKey", d.recordKey())
                .bind("recordKeyBytes", d.recordKeyBytes())
                .bind("recordValue", d.recordValue())
                .bind("headersJson", d.headersJson())
                .bind("errorClass", d.errorClass())
                .bind("exceptionClass", d.exceptionClass())
                .bind("exceptionMessage", d.exceptionMessage())
                .bind("attempts", d.attempts())
                .bind(
                    "failedAt",
                    d.failedAt() == null
                        ? null
                        : OffsetDateTime.ofInstant(d.failedAt(), ZoneOffset.UTC))
                .add();
          }
          int stored = 0;
          for (int count : batch.execute()) {
            stored += Math.max(count, 0);
          }
          return stored;
        });
  }

  /**
   * Entries matching the filter (and status, when given), newest first, without value and headers.
   */
  public List<DlqEntry> list(DlqFilter filter, String status, int limit) {
    return entries.list(where(filter, status), Math.max(1, limit));
  }

  /**
   * One entry by id, or every entry of an event id (an event that failed again after a replay has
   * one entry per failure), oldest first, with headers and value.
   */
  public List<DlqEntry> show(String idOrEventId) {
    String key = idOrEventId == null ? "" : idOrEventId.strip();
    String where;
    Object value;
    if (key.matches("\\d{1,18}")) {
      where = "id = :key";
      value = Long.parseLong(key);
    } else {
      where = "event_id = :key";
      value = uuid(key);
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + ", headers::text AS headers_text, record_value FROM"
                        + " dlq_entries WHERE "
                        + where
                        + " ORDER BY id")
                .bind("key", value)
                .map((rs, ctx) -> DlqEntryDao.entry(rs, true))
                .list());
  }

  /** Counts by class and status, and the oldest PARKED entry. */
  public DlqSummary summary() {
    return jdbi.withHandle(
        h -> {
          List<DlqCount> counts =
              h.createQuery(
                      "SELECT error_class, status, count(*) AS n FROM dlq_entries GROUP BY 1, 2"
                          + " ORDER BY 1, 2")
                  .map((rs, ctx) -> new DlqCount(rs.getString(1), rs.getString(2), rs.getLong(3)))
                  .list();
          Instant oldest =
              h.createQuery(
                      "SELECT min(coalesce(failed_at, created_at)) FROM dlq_entries WHERE status ="
                          + " 'PARKED'")
                  .map((rs, ctx) -> instant(rs, 1))
                  .one();
          Map<String, Long> byStatus = new LinkedHashMap<>();
          long total = 0;
          for (DlqCount c : counts) {
            byStatus.merge(c.status(), c.count(), Long::sum);
            total += c.count();
          }
          return new DlqSummary(
              total,
              byStatus.getOrDefault("PARKED", 0L),
              byStatus.getOrDefault("REPLAYED", 0L),
              byStatus.getOrDefault("DISCARDED", 0L),
              counts,
              oldest == null ? null : oldest.toString(),
              byStatus.getOrDefault("SKIPPED", 0L));
        });
  }

  public DlqActionResult replay(DlqFilter filter, boolean dryRun) {
    return replay(filter, dryRun, () -> {});
  }

  /**
   * Republishes the PARKED entries the filter selects to {@code filter.target()} (prefixed like
   * every topic of this deployment) or else each one's original topic, and marks them REPLAYED, in
   * chunks: per chunk the rows are locked ({@code FOR UPDATE SKIP LOCKED}), sent, acknowledged by
   * the broker, then marked, in one transaction. A failed send rolls its chunk back to PARKED.
   *
   * <p>An entry bound for {@code product.events} whose event is older than its product (see {@link
   * StaleEvents}) is not sent but marked SKIPPED with the reason; the product rows of a chunk stay
   * locked {@code FOR SHARE} until its records are acknowledged, so no newer event of theirs can
   * reach the topic before them.
   *
   * @param progress called after every chunk (the activity heartbeats there)
   * @throws IllegalArgumentException for a bad filter or a target topic that does not exist
   */
  public DlqActionResult replay(DlqFilter filter, boolean dryRun, Runnable progress) {
    DlqFilter f = filter != null ? filter : DlqFilter.all();
    Where where = where(f, "PARKED");
    String target = target(f.target());
    long maxId = maxId();
    List<DlqEntry> matched = entries.upTo(where, maxId);
    List<Long> sendable =
        matched.stream()
            .filter(e -> target != null || e.originalTopic() != null)
            .map(DlqEntry::id)
            .toList();
    if (dryRun || sendable.isEmpty()) {
      List<Long> stale = dryRun ? staleNow(matched, target) : List.of();
      List<Long> would =
          dryRun ? sendable.stream().filter(id -> !stale.contains(id)).toList() : List.of();
      return new DlqActionResult(
          DlqAction.REPLAY,
          f.describe(),
          dryRun,
          matched.size(),
          would.size(),
          matched.size() - would.size() - stale.size(),
          would,
          null,
          stale.size(),
          stale);
    }
    Set<String> topics = new HashSet<>();
    matched.forEach(e -> topics.add(target != null ? target : e.originalTopic()));
    if (topics.contains(names.dlqProductEvents())) {
      throw new IllegalArgumentException(
          "refusing to replay into the dead-letter topic " + names.dlqProductEvents() + " itself");
    }
    requireTopics(topics);
    String actor = actor(f);
    List<Long> done = new ArrayList<>();
    List<Long> stale = new ArrayList<>();
    long after = 0;
    while (true) {
      long from = after;
      Chunk chunk = jdbi.inTransaction(h -> replayChunk(h, where, from, maxId, target, actor));
      if (chunk == null) {
        break;
      }
      done.addAll(chunk.replayed());
      stale.addAll(chunk.stale());
      after = chunk.lastId();
      progress.run();
    }
    log.info(
        "replayed {} of {} dead letters {}, skipped {} as stale (by {})",
        done.size(),
        matched.size(),
        f.describe(),
        stale.size(),
        actor);
    return new DlqActionResult(
        DlqAction.REPLAY,
        f.describe(),
        false,
        matched.size(),
        done.size(),
        matched.size() - done.size() - stale.size(),
        done,
        null,
        stale.size(),
        stale);
  }

  /** The ids of the entries a replay to {@code target} would skip as stale now. */
  private List<Long> staleNow(List<DlqEntry> matched, String target) {
    List<Long> ids =
        matched.stream()
            .filter(e -> names.productEvents().equals(target != null ? target : e.originalTopic()))
            .map(DlqEntry::id)
            .toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h -> {
          Map<Long, byte[]> values = new LinkedHashMap<>();
          h.createQuery("SELECT id, record_value FROM dlq_entries WHERE id = ANY(:ids) ORDER BY id")
              .bindArray("ids", Long.class, ids)
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          rs.getLong(1), rs.getBytes(2) == null ? new byte[0] : rs.getBytes(2)))
              .forEach(e -> values.put(e.getKey(), e.getValue()));
          return List.copyOf(StaleEvents.reasons(h, values, false).keySet());
        });
  }

  /** Marks the PARKED entries the filter selects DISCARDED; publishes nothing. */
  public DlqActionResult discard(DlqFilter filter, boolean dryRun) {
    DlqFilter f = filter != null ? filter : DlqFilter.all();
    Where where = where(f, "PARKED");
    long maxId = maxId();
    if (dryRun) {
      List<Long> ids = entries.upTo(where, maxId).stream().map(DlqEntry::id).toList();
      return new DlqActionResult(
          DlqAction.DISCARD, f.describe(), true, ids.size(), ids.size(), 0, ids, null);
    }
    String actor = actor(f);
    List<Long> ids =
        jdbi.withHandle(
            h ->
                where
                    .bind(
                        h.createQuery(
                            "UPDATE dlq_entries SET status = 'DISCARDED', resolved_at = now(),"
                                + " resolved_by = :actor, updated_at = now()"
                                + where.sql()
                                + " AND id <= :maxId RETURNING id"))
                    .bind("actor", actor)
                    .bind("maxId", maxId)
                    .mapTo(Long.class)
                    .list());
    List<Long> sorted = ids.stream().sorted().toList();
    log.info("discarded {} dead letters {} (by {})", sorted.size(), f.describe(), actor);
    return new DlqActionResult(
        DlqAction.DISCARD, f.describe(), false, sorted.size(), sorted.size(), 0, sorted, null);
  }

  /** The ids marked REPLAYED and SKIPPED and the last id looked at; null when no entry is left. */
  private Chunk replayChunk(
      Handle h, Where where, long after, long maxId, String target, String actor) {
    List<Row> rows =
        where
            .bind(
                h.createQuery(
                    "SELECT id, original_topic, record_key_bytes, record_value, headers::text FROM"
                        + " dlq_entries"
                        + where.sql()
                        + " AND id > :after AND id <= :maxId ORDER BY"
                        + " id LIMIT :chunk FOR UPDATE SKIP LOCKED"))
            .bind("after", after)
            .bind("maxId", maxId)
            .bind("chunk", CHUNK)
            .map(
                (rs, ctx) ->
                    new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getBytes(3),
                        rs.getBytes(4),
                        rs.getString(5)))
            .list();
    if (rows.isEmpty()) {
      return null;
    }
    Map<Long, byte[]> events = new LinkedHashMap<>();
    for (Row row : rows) {
      if (names.productEvents().equals(target != null ? target : row.originalTopic())) {
        events.put(row.id(), row.value());
      }
    }
    Map<Long, String> staleReasons = StaleEvents.reasons(h, events, true);
    List<Long> replayed = new ArrayList<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    List<Row> sent = new ArrayList<>();
    for (Row row : rows) {
      String topic = target != null ? target : row.originalTopic();
      if (topic == null || staleReasons.containsKey(row.id())) {
        continue;
      }
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  topic, null, row.key(), row.value(), DeadLetter.headers(row.headers()))));
      sent.add(row);
    }
    producer.flush();
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("republishing dead letters failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while republishing dead letters", e);
      }
    }
    for (Row row : sent) {
      h.createUpdate(
              "UPDATE dlq_entries SET status = 'REPLAYED', replayed_to = :topic, resolved_at = now(),"
                  + " resolved_by = :actor, updated_at = now() WHERE id = :id")
          .bind("topic", target != null ? target : row.originalTopic())
          .bind("actor", actor)
          .bind("id", row.id())
          .execute();
      replayed.add(row.id());
    }
    staleReasons.forEach(
        (id, reason) ->
            h.createUpdate(
                    "UPDATE dlq_entries SET status = 'SKIPPED', resolution = :reason, resolved_at ="
                        + " now(), resolved_by = :actor, updated_at = now() WHERE id = :id")
                .bind("reason", reason)
                .bind("actor", actor)
                .bind("id", id)
                .execute());
    return new Chunk(rows.get(rows.size() - 1).id(), replayed, List.copyOf(staleReasons.keySet()));
  }

  private record Chunk(long lastId, List<Long> replayed, List<Long> stale) {}

  private record Row(long id, String originalTopic, byte[] key, byte[] value, String headers) {}

  private long maxId() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT coalesce(max(id), 0) FROM dlq_entries").mapTo(Long.class).one());
  }

  /** A target named without this deployment's prefix gets it, like every other topic name. */
  private String target(String target) {
    if (target == null || target.isBlank()) {
      return null;
    }
    String t = target.strip();
    return t.startsWith(names.prefix()) ? t : names.prefix() + t;
  }

  private void requireTopics(Set<String> topics) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                names.prefix() + "dlq-replay-topics",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000))) {
      for (String topic : topics) {
        try {
          admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnknownTopicOrPartitionException) {
            throw new IllegalArgumentException(
                "topic " + topic + " does not exist (topics are never auto-created)");
          }
          throw new IllegalStateException("cannot check topic " + topic + ": " + e.getCause(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within 15 s", e);
    }
  }

  private static String actor(DlqFilter f) {
    return f.requestedBy() == null || f.requestedBy().isBlank() ? "unknown" : f.requestedBy();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static UUID uuid(String text) {
    try {
      return UUID.fromString(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an entry id or an event id (UUID): " + text);
    }
  }

  /**
   * The WHERE clause of a filter (and status, when given); validates and normalises the filter on
   * the way, in this order: status, class, event ids, from, to.
   */
  static Where where(DlqFilter f, String status) {
    String s = null;
    if (status != null && !status.isBlank()) {
      s = status.strip().toUpperCase(Locale.ROOT);
      if (!STATUSES.contains(s)) {
        throw new IllegalArgumentException(
            "status must be one of PARKED, REPLAYED, DISCARDED, SKIPPED; was " + status);
      }
    }
    DlqFilter filter = f != null ? f : DlqFilter.all();
    String c = null;
    if (filter.errorClass() != null && !filter.errorClass().isBlank()) {
      c = filter.errorClass().strip().toLowerCase(Locale.ROOT);
      if (!DlqClassifier.CLASSES.contains(c)) {
        throw new IllegalArgumentException(
            "class must be one of "
                + String.join(", ", DlqClassifier.CLASSES)
                + "; was "
                + filter.errorClass());
      }
    }
    List<UUID> eventIds = new ArrayList<>();
    for (String id : filter.eventIds()) {
      try {
        eventIds.add(UUID.fromString(id.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("eventIds: not a UUID: " + id);
      }
    }
    return Where.of(s, c, eventIds, time(filter.from(), "from"), time(filter.to(), "to"));
  }

  private static OffsetDateTime time(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " must be an ISO-8601 time such as 2026-01-10T12:00:00Z; was " + text);
    }
  }
}
