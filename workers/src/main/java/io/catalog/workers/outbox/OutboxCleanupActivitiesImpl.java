package io.catalog.workers.outbox;

import io.catalog.domain.outbox.OutboxPublishDao;
import io.catalog.workflows.outbox.OutboxCleanupActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes old PUBLISHED rows in bounded chunks, each its own short transaction. */
public final class OutboxCleanupActivitiesImpl implements OutboxCleanupActivities {
  private static final Logger log = LoggerFactory.getLogger(OutboxCleanupActivitiesImpl.class);

  private final Jdbi jdbi;

  public OutboxCleanupActivitiesImpl(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public long deletePublishedBefore(String cutoffIso, int batchSize) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long deleted = 0;
    while (true) {
      int chunk =
          jdbi.withHandle(h -> OutboxPublishDao.on(h).deletePublishedBefore(cutoffIso, batchSize));
      deleted += chunk;
      ctx.heartbeat(deleted);
      if (chunk < batchSize) {
        break;
      }
    }
    log.info("outbox cleanup deleted {} PUBLISHED rows published before {}", deleted, cutoffIso);
    return deleted;
  }
}
