package io.catalog.operations.dlq;

import io.catalog.domain.dlq.DlqEntry;
import io.catalog.domain.dlq.DlqEntryDao;
import io.catalog.domain.dlq.DlqStatus;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.dlq.DlqActionResult;
import io.catalog.workflows.dlq.DlqFilter;
import io.catalog.workflows.dlq.DlqSummary;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter actions, one implementation for the triage workflow's activities, {@code platform
 * dlq} (directly, so it works while the workers are down) and, through the workflow, the ops API.
 * Reading is {@link DlqInspection}'s, replaying {@link DlqReplay}'s; parking and discarding are
 * here; every statement is {@link DlqEntryDao}'s.
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

  private final DlqEntryDao entries;
  private final PlatformNames names;
  private final DlqInspection inspection;
  private final DlqReplay replays;

  /**
   * @param producer bytes in, bytes out, acks=all ({@code DeadLetterProducers.create}); shared, not
   *     closed here
   */
  public DlqOperations(
      Jdbi jdbi, Producer<byte[], byte[]> producer, String kafkaBootstrap, PlatformNames names) {
    this.entries = new DlqEntryDao(jdbi);
    this.names = names;
    this.inspection = new DlqInspection(entries);
    this.replays =
        new DlqReplay(jdbi, entries, producer, new ReplayTopics(kafkaBootstrap, names), names);
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
    return entries.park(records.stream().map(DeadLetterRecords::of).toList());
  }

  /**
   * Entries matching the filter (and status, when given), newest first, without value and headers.
   */
  public List<DlqEntry> list(DlqFilter filter, String status, int limit) {
    return inspection.list(filter, status, limit);
  }

  /**
   * One entry by id, or every entry of an event id (an event that failed again after a replay has
   * one entry per failure), oldest first, with headers and value.
   */
  public List<DlqEntry> show(String idOrEventId) {
    return inspection.show(idOrEventId);
  }

  /** Counts by class and status, and the oldest PARKED entry. */
  public DlqSummary summary() {
    return inspection.summary();
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
    return replays.replay(filter, dryRun, progress);
  }

  /** Marks the PARKED entries the filter selects DISCARDED; publishes nothing. */
  public DlqActionResult discard(DlqFilter filter, boolean dryRun) {
    DlqFilter f = DlqFilters.orAll(filter);
    DlqEntryDao.Where where = DlqFilters.where(f, DlqStatus.PARKED);
    long maxId = entries.maxId();
    if (dryRun) {
      List<Long> ids = entries.upTo(where, maxId).stream().map(DlqEntry::id).toList();
      return DlqActionResult.discarded(f.describe(), true, ids);
    }
    String actor = DlqFilters.actor(f);
    List<Long> sorted = entries.discard(where, maxId, actor).stream().sorted().toList();
    log.info("discarded {} dead letters {} (by {})", sorted.size(), f.describe(), actor);
    return DlqActionResult.discarded(f.describe(), false, sorted);
  }
}
