package io.catalog.domain.product.db;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * {@code idempotency_keys}. {@link #claim} inserts the key inside the request's transaction; a
 * concurrent request with the same key blocks on it until the first commits, then finds the stored
 * response instead of creating a second product.
 */
@RegisterConstructorMapper(IdempotencyDao.StoredResponse.class)
public interface IdempotencyDao {

  record StoredResponse(
      String requestHash, int responseStatus, String responseBody, UUID resourceId) {}

  /**
   * 1 when this request owns the key now (new, or used more than {@code ttlSeconds} ago: an expired
   * key the clean-up has not deleted yet is taken over), 0 when it was used within them.
   */
  @SqlUpdate(
      "INSERT INTO idempotency_keys (idempotency_key, request_hash, response_status, response_body)"
          + " VALUES (:key, :hash, 0, '') ON CONFLICT (idempotency_key) DO UPDATE SET"
          + " request_hash = EXCLUDED.request_hash, response_status = 0, response_body = '',"
          + " resource_id = NULL, created_at = now()"
          + " WHERE idempotency_keys.created_at < now() - make_interval(secs => :ttlSeconds)")
  int claim(
      @Bind("key") String key,
      @Bind("hash") String requestHash,
      @Bind("ttlSeconds") long ttlSeconds);

  /**
   * Deletes up to {@code limit} keys used more than {@code ttlSeconds} ago, oldest first; returns
   * how many.
   */
  @SqlUpdate(
      "DELETE FROM idempotency_keys WHERE idempotency_key IN (SELECT idempotency_key FROM idempotency_keys"
          + " WHERE created_at < now() - make_interval(secs => :ttlSeconds) ORDER BY created_at LIMIT :limit)")
  int deleteExpired(@Bind("ttlSeconds") long ttlSeconds, @Bind("limit") int limit);

  /** Stores the response the claimed key replays from now on. */
  @SqlUpdate(
      "UPDATE idempotency_keys SET response_status = :responseStatus, response_body = :responseBody,"
          + " resource_id = :resourceId WHERE idempotency_key = :key")
  void complete(@Bind("key") String key, @BindMethods StoredResponse response);

  @SqlQuery(
      "SELECT request_hash, response_status, response_body, resource_id FROM idempotency_keys"
          + " WHERE idempotency_key = :key")
  Optional<StoredResponse> find(@Bind("key") String key);
}
