package io.catalog.operations.dlq;

import io.catalog.domain.dlq.DlqEntry;
import io.catalog.domain.dlq.DlqEntryDao;
import io.catalog.domain.dlq.DlqEntryDao.Where;
import io.catalog.domain.dlq.DlqStatus;
import io.catalog.domain.dlq.ReplayableEntry;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.dlq.DlqAction;
import io.catalog.workflows.dlq.DlqActionResult;
import io.catalog.workflows.dlq.DlqFilter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Republishes PARKED dead letters, chunk by chunk, each chunk locked, sent, acknowledged and marked
 * in one transaction (see {@link DlqOperations#replay(DlqFilter, boolean, Runnable)}).
 */
final class DlqReplay {
  private static final Logger log = LoggerFactory.getLogger(DlqReplay.class);

  private final Jdbi jdbi;
  private final DlqEntryDao entries;
  private final Producer<byte[], byte[]> producer;
  private final ReplayTopics topics;
  private final PlatformNames names;

  DlqReplay(
      Jdbi jdbi,
      DlqEntryDao entries,
      Producer<byte[], byte[]> producer,
      ReplayTopics topics,
      PlatformNames names) {
    this.jdbi = jdbi;
    this.entries = entries;
    this.producer = producer;
    this.topics = topics;
    this.names = names;
  }

  /** What one call replays: the entries it matched, where they go, by whom. */
  private record Plan(DlqFilter filter, Where where, String target, long maxId, String actor) {
    /** Where an entry goes: the target, else its original topic (null when it has neither). */
    String topicOf(String originalTopic) {
      return target != null ? target : originalTopic;
    }
  }

  DlqActionResult replay(DlqFilter filter, boolean dryRun, Runnable progress) {
    DlqFilter f = DlqFilters.orAll(filter);
    Where where = DlqFilters.where(f, DlqStatus.PARKED);
    Plan plan = new Plan(f, where, topics.target(f.target()), entries.maxId(), DlqFilters.actor(f));
    List<DlqEntry> matched = entries.upTo(where, plan.maxId());
    List<Long> sendable =
        matched.stream()
            .filter(e -> plan.topicOf(e.originalTopic()) != null)
            .map(DlqEntry::id)
            .toList();
    if (dryRun || sendable.isEmpty()) {
      return unsent(plan, matched, sendable, dryRun);
    }
    Set<String> destinations = new HashSet<>();
    matched.forEach(e -> destinations.add(plan.topicOf(e.originalTopic())));
    if (destinations.contains(names.dlqProductEvents())) {
      throw new IllegalArgumentException(
          "refusing to replay into the dead-letter topic " + names.dlqProductEvents() + " itself");
    }
    topics.requireTopics(destinations);
    return send(plan, matched, progress);
  }

  /** A dry run's answer (what would be sent and skipped), or a run's with nothing to send. */
  private DlqActionResult unsent(
      Plan plan, List<DlqEntry> matched, List<Long> sendable, boolean dryRun) {
    List<Long> stale = dryRun ? staleNow(matched, plan) : List.of();
    List<Long> would =
        dryRun ? sendable.stream().filter(id -> !stale.contains(id)).toList() : List.of();
    return result(plan, dryRun, matched.size(), would, stale);
  }

  /** Replays chunk after chunk until none is left. */
  private DlqActionResult send(Plan plan, List<DlqEntry> matched, Runnable progress) {
    List<Long> done = new ArrayList<>();
    List<Long> stale = new ArrayList<>();
    long after = 0;
    while (true) {
      long from = after;
      Chunk chunk = jdbi.inTransaction(h -> replayChunk(h, plan, from));
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
        plan.filter().describe(),
        stale.size(),
        plan.actor());
    return result(plan, false, matched.size(), done, stale);
  }

  private static DlqActionResult result(
      Plan plan, boolean dryRun, int matched, List<Long> replayed, List<Long> stale) {
    return new DlqActionResult(
        DlqAction.REPLAY,
        plan.filter().describe(),
        dryRun,
        matched,
        replayed.size(),
        matched - replayed.size() - stale.size(),
        replayed,
        null,
        stale.size(),
        stale);
  }

  /** The ids of the entries a replay to {@code target} would skip as stale now. */
  private List<Long> staleNow(List<DlqEntry> matched, Plan plan) {
    List<Long> ids =
        matched.stream()
            .filter(e -> names.productEvents().equals(plan.topicOf(e.originalTopic())))
            .map(DlqEntry::id)
            .toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h -> List.copyOf(StaleEvents.reasons(h, entries.values(h, ids), false).keySet()));
  }

  /** The ids marked REPLAYED and SKIPPED and the last id looked at; null when no entry is left. */
  private Chunk replayChunk(Handle h, Plan plan, long after) {
    List<ReplayableEntry> rows =
        entries.lockForReplay(h, plan.where(), after, plan.maxId(), DlqOperations.CHUNK);
    if (rows.isEmpty()) {
      return null;
    }
    Map<Long, byte[]> events = new LinkedHashMap<>();
    for (ReplayableEntry row : rows) {
      if (names.productEvents().equals(plan.topicOf(row.originalTopic()))) {
        events.put(row.id(), row.value());
      }
    }
    Map<Long, String> staleReasons = StaleEvents.reasons(h, events, true);
    List<ReplayableEntry> sent = sendAndAwait(plan, rows, staleReasons);
    List<Long> replayed = new ArrayList<>();
    for (ReplayableEntry row : sent) {
      entries.markReplayed(h, row.id(), plan.topicOf(row.originalTopic()), plan.actor());
      replayed.add(row.id());
    }
    staleReasons.forEach((id, reason) -> entries.markSkipped(h, id, reason, plan.actor()));
    return new Chunk(rows.get(rows.size() - 1).id(), replayed, List.copyOf(staleReasons.keySet()));
  }

  /**
   * Sends the rows that have a topic and are not stale, and waits for the broker to acknowledge
   * every one.
   *
   * @return the rows sent
   */
  private List<ReplayableEntry> sendAndAwait(
      Plan plan, List<ReplayableEntry> rows, Map<Long, String> staleReasons) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    List<ReplayableEntry> sent = new ArrayList<>();
    for (ReplayableEntry row : rows) {
      String topic = plan.topicOf(row.originalTopic());
      if (topic == null || staleReasons.containsKey(row.id())) {
        continue;
      }
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  topic, null, row.key(), row.value(), DeadLetterRecords.headers(row.headers()))));
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
    return sent;
  }

  private record Chunk(long lastId, List<Long> replayed, List<Long> stale) {}
}
