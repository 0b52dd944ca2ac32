package io.catalog.cli.chaos;

/** The queries the invariants count with, against the run's own database. */
final class ChaosSql {
  static final String OUTBOX_ROWS = "SELECT count(*) FROM outbox_events";
  static final String OUTBOX_PENDING =
      "SELECT count(*) FROM outbox_events WHERE status = 'PENDING'";
  static final String OUTBOX_FAILED = "SELECT count(*) FROM outbox_events WHERE status = 'FAILED'";
  static final String OUTBOX_FAILED_WITHOUT_CAUSE =
      "SELECT count(*) FROM outbox_events WHERE status = 'FAILED' AND coalesce(last_error, '') = ''";
  static final String OUTBOX_EVENT_IDS = "SELECT event_id::text FROM outbox_events";

  /** A product's version counts its committed changes; each change wrote one outbox row. */
  static final String PRODUCTS_WHOSE_VERSION_IS_NOT_THEIR_EVENT_COUNT =
      "SELECT count(*) FROM products p WHERE p.version <> (SELECT count(*) FROM outbox_events o WHERE o.aggregate_id = p.id)";

  static final String PRODUCTS = "SELECT count(*) FROM products";
  static final String PRODUCTS_FROM_COMMANDS =
      "SELECT count(*) FROM products WHERE title LIKE '" + CommandFeeder.TITLE_PREFIX + "%'";
  static final String PROCESSED_COMMANDS = "SELECT command_id::text FROM processed_commands";
  static final String PARKED_KEYS = "SELECT coalesce(record_key, '') FROM dlq_entries";
  static final String PARKED_BY_CLASS =
      "SELECT error_class, count(*) AS n FROM dlq_entries GROUP BY error_class";

  private ChaosSql() {}
}
