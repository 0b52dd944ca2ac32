package io.catalog.domain.dlq;

/**
 * Life of a {@code dlq_entries} row: PARKED until an operator decides, then REPLAYED (republished),
 * DISCARDED, or SKIPPED (a replay found its product newer; the reason is in {@code resolution}).
 * The values are the table's status check (V1, V4).
 */
public enum DlqStatus {
  PARKED,
  REPLAYED,
  DISCARDED,
  SKIPPED
}
