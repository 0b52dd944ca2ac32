package io.catalog.cli.bench;

import java.util.Locale;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Vacuums the two tables a bench run fills and empties. A run deletes hundreds of thousands of
 * rows; left to autovacuum, their clean-up falls into whatever runs next, the next run's measured
 * windows included, and the outbox's file keeps its peak size.
 */
final class TableVacuum {
  private TableVacuum() {}

  /**
   * A plain {@code VACUUM (ANALYZE)}: it takes no lock a writer waits for, makes the deleted rows'
   * space reusable and gives back the empty pages at the end of each table's file. A user that does
   * not own the tables gets Postgres's warning, not an error, and the tables stay as they were.
   *
   * @return what it did, for the clean-up's output
   */
  static String outboxAndProducts(Jdbi jdbi) {
    long before = tableBytes(jdbi);
    jdbi.useHandle(h -> h.execute("VACUUM (ANALYZE) outbox_events, products"));
    return String.format(
        Locale.ROOT,
        "vacuumed outbox_events and products: %d MiB of table data before, %d MiB after",
        before >> 20,
        tableBytes(jdbi) >> 20);
  }

  /**
   * Before a latency measurement that follows a bulk phase: that phase's dead rows are vacuumed
   * now, not by an autovacuum inside the measured window. A vacuum the window's own writes call for
   * still runs inside it. Noted in the report, with how long it took.
   */
  static void beforeMeasuring(
      BenchContext ctx, BenchReport report, Consumer<String> say, String measurement) {
    long start = System.nanoTime();
    String done = outboxAndProducts(ctx.jdbi);
    String note =
        String.format(
            Locale.ROOT,
            "%s: the bulk phases' dead rows vacuumed first, in %.1f s (%s)",
            measurement,
            (System.nanoTime() - start) / 1e9,
            done);
    report.note(note);
    say.accept(note);
  }

  private static long tableBytes(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT pg_table_size('outbox_events') + pg_table_size('products')")
                .mapTo(Long.class)
                .one());
  }
}
