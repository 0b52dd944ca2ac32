package io.catalog.cli.bench;

import io.catalog.workflows.RunHold;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Which bench runs of this platform are still running, and what identifies a run's data after it
 * ended without its clean-up.
 *
 * <p>A run holds a session-level Postgres advisory lock named after its id ({@link #claim}) from
 * its start to its end. The lock goes with its connection, so a run killed outright (SIGKILL, a
 * lost machine) no longer holds it, and {@link #running} tells a live run from a dead one. A run's
 * products carry sellers derived from its id ({@link #seller}) and its Kafka topics are named
 * {@code <platform prefix>bench-<run>-…} ({@link #named}), so a later run on the same platform can
 * find and remove what a dead one left.
 */
final class BenchRuns implements AutoCloseable {
  /** "benc" in the high half of the lock key; a run id (6 hex digits) in the low half. */
  private static final long LOCK_SPACE = 0x62656e63_00000000L;

  private final Handle lock;
  private final long key;

  private BenchRuns(Handle lock, long key) {
    this.lock = lock;
    this.key = key;
  }

  /** Marks {@code runId} as running until {@link #close()} or the end of the process. */
  static BenchRuns claim(Jdbi jdbi, String runId) {
    long key = key(runId);
    Handle handle = jdbi.open();
    try {
      handle
          .createQuery("SELECT 1 FROM pg_advisory_lock(:k)")
          .bind("k", key)
          .mapTo(Integer.class)
          .one();
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
    return new BenchRuns(handle, key);
  }

  /** Whether a bench process still holds {@code runId}'s lock (this one included). */
  static boolean running(Jdbi jdbi, String runId) {
    long key = key(runId);
    return jdbi.withHandle(
        h -> {
          boolean free =
              h.createQuery("SELECT pg_try_advisory_lock(:k)")
                  .bind("k", key)
                  .mapTo(Boolean.class)
                  .one();
          if (free) {
            h.createQuery("SELECT pg_advisory_unlock(:k)")
                .bind("k", key)
                .mapTo(Boolean.class)
                .one();
          }
          return !free;
        });
  }

  /**
   * The seller id of run {@code runId}'s products in role {@code role} ({@code api}, {@code raw}).
   */
  static UUID seller(String runId, String role) {
    return UUID.nameUUIDFromBytes(
        ("bench-" + runId + "/" + role + "-seller").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The run ids that {@code names} (topics, notes, …) of the form {@code <prefix>bench-<run>…}
   * carry, {@code prefix} being the platform's name prefix.
   */
  static Set<String> named(String prefix, Collection<String> names) {
    Pattern run = Pattern.compile("^" + Pattern.quote(prefix) + "bench-([0-9a-f]{6})\\b");
    Set<String> runs = new TreeSet<>();
    for (String name : names) {
      Matcher m = run.matcher(name);
      if (m.find()) {
        runs.add(m.group(1));
      }
    }
    return runs;
  }

  /** The run id of a bench run's {@link RunHold} note, or null for any other note or none. */
  static String holder(String note) {
    String run = RunHold.run(note);
    return run == null ? null : named("", List.of(run)).stream().findFirst().orElse(null);
  }

  /**
   * Removes what earlier runs left when they ended without their clean-up (killed, or a step of
   * their clean-up failed) with {@link BenchCleanup}: their topics name them and their sellers
   * follow from their ids. A run still running (another bench on the same platform) is left alone.
   *
   * @return the runs whose leftovers were removed
   */
  static Set<String> removeLeftovers(BenchContext ctx, Consumer<String> say) throws Exception {
    Set<String> runs =
        named(ctx.platformNames.prefix(), ctx.kafka.listTopics().names().get(15, TimeUnit.SECONDS));
    runs.remove(ctx.runId);
    runs.removeIf(run -> running(ctx.jdbi, run));
    for (String run : runs) {
      say.accept("bench-" + run + " ended without its clean-up: removing what it left …");
      try (BenchContext earlier = new BenchContext(ctx.targets, ctx.plan, run)) {
        // Its W7 processes first: they would publish and consume what the clean-up removes.
        W7Leftovers.remove(
            earlier,
            ctx.workersRunDir == null ? null : ctx.workersRunDir.resolveSibling("bench-" + run),
            say);
        new BenchCleanup(earlier, say).run();
      }
    }
    return runs;
  }

  private static long key(String runId) {
    return LOCK_SPACE | Long.parseLong(runId, 16);
  }

  @Override
  public void close() {
    try {
      lock.createQuery("SELECT pg_advisory_unlock(:k)").bind("k", key).mapTo(Boolean.class).one();
    } finally {
      lock.close();
    }
  }
}
