package io.catalog.workers.outbox;

import io.catalog.domain.outbox.ClaimWindow;
import io.catalog.domain.outbox.ClaimedEvent;
import io.catalog.domain.outbox.OutboxPublishDao;
import io.catalog.domain.outbox.OutboxStatus;
import io.catalog.domain.outbox.RetryPolicy;
import io.catalog.workers.kafka.SendErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One batch of the transactional outbox, start to end, in one database transaction: claim due rows
 * ({@code FOR UPDATE SKIP LOCKED}), send them all through the shared idempotent producer, wait for
 * all the acks together, mark the acknowledged rows PUBLISHED, record the failures, commit.
 *
 * <p>Used by the shard workflows' activity and by {@link OneShotPublisher}; the claim's row locks
 * make them safe to run at the same time. The claim returns at most one event per product (the
 * oldest unpublished one), so the events of one product go out strictly one after the other.
 */
public final class OutboxPublisher {
  private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
  private static final Object ACKED = new Object();

  /**
   * @param retry how a row that failed by its own fault is retried
   * @param ackTimeout give up waiting for acks after this (the producer's delivery timeout fires
   *     first; this only guards against a callback that never comes)
   */
  public record Settings(RetryPolicy retry, Duration ackTimeout) {
    public static Settings withMaxAttempts(int maxAttempts) {
      return new Settings(
          new RetryPolicy(maxAttempts, Duration.ofSeconds(1), Duration.ofMinutes(5)),
          OutboxProducers.DELIVERY_TIMEOUT.plusSeconds(15));
    }
  }

  /**
   * @param claimed rows claimed and sent
   * @param retriableFailures rows not acknowledged because of the broker (left PENDING as they
   *     were)
   * @param attemptFailures rows that failed by their own fault (one attempt more each)
   * @param newlyFailed of those, rows that reached the maximum and are FAILED now
   * @param lastId the highest id claimed (0 when none was)
   * @param successorsWaiting whether a product published here has a later event PENDING, which the
   *     claim held back (see {@link OutboxPublishDao#MARK_PUBLISHED_SUCCESSORS_WAITING})
   */
  public record BatchResult(
      int claimed,
      int published,
      int retriableFailures,
      int attemptFailures,
      int newlyFailed,
      String lastError,
      long lastId,
      boolean successorsWaiting) {
    public static final BatchResult EMPTY = new BatchResult(0, 0, 0, 0, 0, null, 0, false);

    public int sendFailures() {
      return retriableFailures + attemptFailures;
    }

    /**
     * The next claim of a drain that claimed this batch from {@code window}: {@link
     * ClaimWindow#after} when the broker took the batch, otherwise at 0 again, since a batch the
     * broker refused left its rows PENDING below the mark.
     */
    public ClaimWindow next(ClaimWindow window) {
      return retriableFailures == 0 ? window.after(claimed, lastId) : window.from(0);
    }
  }

  private final Producer<String, String> producer;
  private final Settings settings;
  private final OutboxMetrics metrics;

  public OutboxPublisher(
      Producer<String, String> producer, Settings settings, OutboxMetrics metrics) {
    this.producer = producer;
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * Publishes one batch, the rows claimed from {@code window}. {@code tick} runs about every 250 ms
   * while acks are awaited (the activity heartbeats there). An exception leaves every claimed row
   * as it was (the transaction rolls back).
   */
  public BatchResult publishBatch(Handle handle, ClaimWindow window, Runnable tick) {
    BatchInFlight batch = claimAndSend(handle, window);
    return batch == null ? BatchResult.EMPTY : finish(batch, tick);
  }

  /**
   * The first half of {@link #publishBatch}: opens a transaction on {@code handle}, claims the rows
   * of {@code window} and hands them all to the producer without waiting for an ack. {@link
   * #finish} awaits the acks, marks and commits. Null when nothing was claimable (the transaction
   * is over then). An exception rolls the claim back.
   */
  public BatchInFlight claimAndSend(Handle handle, ClaimWindow window) {
    handle.begin();
    try {
      OutboxPublishDao dao = OutboxPublishDao.on(handle);
      List<ClaimedEvent> rows = dao.claim(window);
      metrics.claimed(rows.size(), window.minId() == 0);
      if (rows.isEmpty()) {
        handle.commit();
        return null;
      }
      BatchInFlight batch = new BatchInFlight(handle, dao, rows);
      send(batch);
      return batch;
    } catch (RuntimeException | Error e) {
      rollback(handle, e);
      throw e;
    }
  }

  /**
   * The second half: waits for every ack of {@code batch} ({@code tick} about every 250 ms), marks
   * the acknowledged rows PUBLISHED, records the failures, commits. An exception rolls back: every
   * row of the batch stays as it was.
   */
  public BatchResult finish(BatchInFlight batch, Runnable tick) {
    try {
      awaitAcks(batch.pending(), batch.outcomes(), tick);
      BatchResult result = record(batch.dao(), batch.rows(), batch.outcomes());
      batch.handle().commit();
      return result;
    } catch (RuntimeException | Error e) {
      rollback(batch.handle(), e);
      throw e;
    }
  }

  private static void rollback(Handle handle, Throwable cause) {
    try {
      if (handle.isInTransaction()) {
        handle.rollback();
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Hands every row to the producer; each callback sets the row's outcome (ACKED or error). */
  private void send(BatchInFlight batch) {
    List<ClaimedEvent> rows = batch.rows();
    AtomicReferenceArray<Object> outcomes = batch.outcomes();
    CountDownLatch pending = batch.pending();
    int n = rows.size();
    for (int i = 0; i < n; i++) {
      int index = i;
      ProducerRecord<String, String> record;
      try {
        record = OutboxRecord.of(rows.get(i));
      } catch (MalformedOutboxRowException e) {
        outcomes.set(i, e);
        pending.countDown();
        continue;
      }
      try {
        producer.send(
            record,
            (metadata, error) -> {
              outcomes.set(index, error == null ? ACKED : error);
              pending.countDown();
            });
      } catch (InterruptException e) {
        throw e;
      } catch (RuntimeException e) {
        if (SendErrors.isRetriable(e)) {
          // No metadata or no buffer space: the rest would block just as long, each. Stop here.
          for (int j = i; j < n; j++) {
            outcomes.set(j, e);
            pending.countDown();
          }
          break;
        }
        outcomes.set(i, e);
        pending.countDown();
      }
    }
  }

  private void awaitAcks(
      CountDownLatch pending, AtomicReferenceArray<Object> outcomes, Runnable tick) {
    long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
    try {
      while (!pending.await(250, TimeUnit.MILLISECONDS)) {
        tick.run();
        if (System.nanoTime() > deadline) {
          TimeoutException late = new TimeoutException("no ack within " + settings.ackTimeout());
          for (int i = 0; i < outcomes.length(); i++) {
            outcomes.compareAndSet(i, null, late);
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private BatchResult record(
      OutboxPublishDao dao, List<ClaimedEvent> rows, AtomicReferenceArray<Object> outcomes) {
    List<Long> published = new ArrayList<>();
    List<UUID> publishedProducts = new ArrayList<>();
    List<Long> brokerFailed = new ArrayList<>();
    int attemptFailures = 0;
    int newlyFailed = 0;
    String lastError = null;
    Throwable brokerError = null;
    for (int i = 0; i < rows.size(); i++) {
      ClaimedEvent row = rows.get(i);
      Object outcome = outcomes.get(i);
      if (outcome == ACKED) {
        published.add(row.id());
        publishedProducts.add(row.aggregateId());
        continue;
      }
      Throwable error = (Throwable) outcome;
      lastError = SendErrors.describe(error);
      if (SendErrors.isRetriable(error)) {
        brokerFailed.add(row.id());
        brokerError = error;
      } else {
        attemptFailures++;
        if (recordAttemptFailure(dao, row, lastError) == OutboxStatus.FAILED) {
          newlyFailed++;
        }
      }
    }
    boolean successorsWaiting = false;
    if (!published.isEmpty()) {
      successorsWaiting =
          dao.markPublished(
              published.stream().mapToLong(Long::longValue).toArray(),
              publishedProducts.toArray(UUID[]::new));
    }
    if (!brokerFailed.isEmpty()) {
      dao.recordRetriableFailure(
          brokerFailed.stream().mapToLong(Long::longValue).toArray(), lastError);
      log.warn(
          "{} of {} outbox rows not acknowledged, they stay PENDING (broker-side, retriable): {}",
          brokerFailed.size(),
          rows.size(),
          SendErrors.describe(brokerError));
    }
    metrics.published(published.size());
    metrics.sendFailures(brokerFailed.size() + attemptFailures);
    return new BatchResult(
        rows.size(),
        published.size(),
        brokerFailed.size(),
        attemptFailures,
        newlyFailed,
        lastError,
        rows.get(rows.size() - 1).id(),
        successorsWaiting);
  }

  private OutboxStatus recordAttemptFailure(OutboxPublishDao dao, ClaimedEvent row, String error) {
    OutboxStatus status = dao.recordAttemptFailure(row.id(), error, settings.retry());
    try (MDC.MDCCloseable e = MDC.putCloseable("event_id", row.eventId().toString());
        MDC.MDCCloseable a = MDC.putCloseable("aggregate_id", row.aggregateId().toString())) {
      if (status == OutboxStatus.FAILED) {
        log.error(
            "outbox row {} FAILED after {} attempts, later events of product {} are held back: {}",
            row.id(),
            row.attempts() + 1,
            row.aggregateId(),
            error);
      } else {
        log.warn(
            "outbox row {} attempt {} failed, will retry with backoff: {}",
            row.id(),
            row.attempts() + 1,
            error);
      }
    }
    return status;
  }
}
