package io.catalog.domain.outbox;

/**
 * Backlog of the outbox (or of one shard of it): rows waiting to be published, the age of the
 * oldest one (0 when none waits) and rows given up on.
 */
public record OutboxStats(long pending, double oldestPendingAgeSeconds, long failed) {
  public static final OutboxStats EMPTY = new OutboxStats(0, 0, 0);
}
