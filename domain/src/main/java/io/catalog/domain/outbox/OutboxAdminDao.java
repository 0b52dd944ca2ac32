package io.catalog.domain.outbox;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Operator queries on {@code outbox_events} (see {@link OutboxAdmin}). */
@RegisterConstructorMapper(FailedEvent.class)
@RegisterConstructorMapper(OutboxStats.class)
public interface OutboxAdminDao {

  @SqlQuery(
      "SELECT id, event_id, aggregate_id, aggregate_version, event_type, attempts, last_error"
          + " FROM outbox_events WHERE status = 'FAILED' ORDER BY id LIMIT :limit")
  List<FailedEvent> failed(@Bind("limit") int limit);

  @SqlUpdate(
      "UPDATE outbox_events SET status = 'PENDING', attempts = 0, next_attempt_at = now()"
          + " WHERE id = ANY(:ids) AND status = 'FAILED'")
  int retry(@Bind("ids") long[] ids);

  @SqlUpdate(
      "UPDATE outbox_events SET status = 'PENDING', attempts = 0, next_attempt_at = now()"
          + " WHERE status = 'FAILED'")
  int retryAllFailed();

  @SqlQuery(
      "SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending, coalesce(extract(epoch FROM"
          + " clock_timestamp()   - min(created_at) FILTER (WHERE status = 'PENDING')), 0)::float8"
          + " AS oldest_pending_age_seconds, count(*) FILTER (WHERE status = 'FAILED') AS failed"
          + " FROM outbox_events WHERE status <> 'PUBLISHED'")
  OutboxStats stats();
}
