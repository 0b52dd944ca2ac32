package io.catalog.domain.outbox;

/** Life of an outbox row: PENDING until the broker acknowledged it, FAILED after max attempts. */
public enum OutboxStatus {
  PENDING,
  PUBLISHED,
  FAILED
}
