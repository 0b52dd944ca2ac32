package io.catalog.api.product;

import io.catalog.domain.product.db.IdempotencyDao;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes idempotency keys older than their time to live (API {@code idempotencyKeyTtl}, default 24
 * h), a batch at a time, every quarter of the TTL and at least every 10 minutes. A key that expired
 * but is still there is already a new key to {@code POST /products} (the claim takes it over), so
 * the clean-up only keeps the table small.
 */
public final class IdempotencyKeyCleanup implements Managed {
  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);
  static final int BATCH = 1_000;

  private final Jdbi jdbi;
  private final Duration ttl;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "idempotency-key-cleanup");
            t.setDaemon(true);
            return t;
          });

  public IdempotencyKeyCleanup(Jdbi jdbi, Duration ttl) {
    this.jdbi = jdbi;
    this.ttl = ttl;
  }

  static Duration interval(Duration ttl) {
    Duration quarter = ttl.dividedBy(4);
    return quarter.compareTo(Duration.ofMinutes(10)) < 0 ? quarter : Duration.ofMinutes(10);
  }

  @Override
  public void start() {
    long every = Math.max(1, interval(ttl).toMillis());
    scheduler.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
  }

  /** Deletes every expired key; returns how many. */
  public long runOnce() {
    long deleted = 0;
    try {
      int batch;
      do {
        batch =
            jdbi.withExtension(
                IdempotencyDao.class, dao -> dao.deleteExpired(ttl.toSeconds(), BATCH));
        deleted += batch;
      } while (batch == BATCH);
      if (deleted > 0) {
        log.info("deleted {} idempotency key(s) older than {}", deleted, ttl);
      }
    } catch (RuntimeException e) {
      log.warn("idempotency key clean-up failed (next try in {}): {}", interval(ttl), e.toString());
    }
    return deleted;
  }

  @Override
  public void stop() {
    scheduler.shutdownNow();
  }
}
