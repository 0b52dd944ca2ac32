package io.catalog.workers.rebuild;

/**
 * Heartbeat details of a database load chunk: what is written so far. A retried attempt resumes
 * after {@code lastId} with these counts.
 */
public record DatabaseLoadHeartbeat(
    String lastId, long read, long written, long conflicts, long failed) {
  static DatabaseLoadHeartbeat start(String afterId) {
    return new DatabaseLoadHeartbeat(afterId, 0, 0, 0, 0);
  }
}
