package io.catalog.workers.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.projection.BulkWriteResult;
import io.catalog.search.projection.EventWriteResult;
import io.catalog.search.projection.ProjectionWriter;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk writes of a rebuild through {@link ProjectionWriter} (external versions, per-item outcomes):
 * transient failures are retried with a growing pause, heartbeating meanwhile; after that the chunk
 * fails and Temporal retries it from its last heartbeat.
 */
record RebuildWrites(ElasticsearchClient client, ProjectionWriter writer, PlatformNames names) {
  private static final Logger log = LoggerFactory.getLogger(RebuildWrites.class);
  static final int ATTEMPTS = 6;
  static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

  /** What became of a batch: indexed, already there at this version or newer, refused for good. */
  record Counts(long written, long conflicts, long refused) {}

  /**
   * Fails the chunk for good when a concrete target index is gone (a cancelled rebuild deleted it):
   * a bulk write would otherwise create it again with dynamic mappings. The alias needs no check,
   * the writer sends {@code require_alias}.
   */
  void requireTarget(String target) {
    if (target.equals(names.searchAlias())) {
      return;
    }
    try {
      if (!client.indices().exists(e -> e.index(target)).value()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "index " + target + " does not exist (deleted by a compensation?)", "IndexGone");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check index " + target, e);
    }
  }

  <T> Counts write(
      List<T> items,
      String target,
      BiFunction<List<T>, String, BulkWriteResult> bulk,
      ChunkContext ctx,
      Object details) {
    long written = 0;
    long conflicts = 0;
    long refused = 0;
    List<T> pending = items;
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      requireTarget(target);
      BulkWriteResult result = bulk.apply(pending, target);
      List<T> retry = new ArrayList<>();
      String lastReason = null;
      for (int i = 0; i < pending.size(); i++) {
        EventWriteResult r = result.results().get(i);
        switch (r.outcome()) {
          case OK -> written++;
          case VERSION_CONFLICT -> conflicts++;
          case PERMANENT -> refused++;
          case TRANSIENT -> {
            retry.add(pending.get(i));
            lastReason = r.status() + " " + r.errorType() + ": " + r.reason();
          }
        }
      }
      if (!retry.isEmpty()) {
        if (attempt == ATTEMPTS) {
          throw new IllegalStateException(
              retry.size()
                  + " documents not written to "
                  + target
                  + " after "
                  + ATTEMPTS
                  + " attempts: "
                  + lastReason);
        }
        log.warn(
            "{} of {} documents to {} failed transiently ({}); retrying in {}",
            retry.size(),
            pending.size(),
            target,
            lastReason,
            backoff);
        ctx.pause(backoff, details);
        backoff = backoff.multipliedBy(2);
      }
      pending = retry;
    }
    return new Counts(written, conflicts, refused);
  }
}
