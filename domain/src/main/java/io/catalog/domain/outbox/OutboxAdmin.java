package io.catalog.domain.outbox;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * What an operator does with the outbox besides publishing it: {@code platform outbox failed} lists
 * rows given up on, {@code platform outbox retry <id>|--all-failed} puts them back to PENDING with
 * their attempts reset, so the running publishers pick them up again (a retried row also releases
 * the later events of its product it held back).
 */
public final class OutboxAdmin {
  private final Jdbi jdbi;

  public OutboxAdmin(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** FAILED rows, oldest first, at most {@code limit}. */
  public List<FailedEvent> failed(int limit) {
    return jdbi.withExtension(OutboxAdminDao.class, dao -> dao.failed(limit));
  }

  /** Puts the given FAILED rows back to PENDING; ids that are not FAILED are ignored. */
  public int retry(Collection<Long> ids) {
    long[] array = ids.stream().mapToLong(Long::longValue).toArray();
    return jdbi.withExtension(OutboxAdminDao.class, dao -> dao.retry(array));
  }

  /** Puts every FAILED row back to PENDING; returns how many. */
  public int retryAllFailed() {
    return jdbi.withExtension(OutboxAdminDao.class, OutboxAdminDao::retryAllFailed);
  }

  /** Pending, oldest pending age and FAILED count over all shards. */
  public OutboxStats stats() {
    return jdbi.withExtension(OutboxAdminDao.class, OutboxAdminDao::stats);
  }
}
