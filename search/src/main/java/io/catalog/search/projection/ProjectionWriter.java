package io.catalog.search.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.EsFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies product events to the search index: one {@code _bulk} request per batch, in batch order,
 * each event an index operation with {@code version_type: external} and {@code version =
 * aggregate_version}, so replays and reordering cannot move a document backwards
 * (docs/architecture.md, "Search indices"). Callers keep Elasticsearch busy by having two batches
 * in flight (the pipelined consumer loop, the rebuild's loader); splitting a batch into two
 * requests as well measured slower (docs/benchmarks.md, W3).
 *
 * <p>Never throws for Elasticsearch trouble: a failed request makes every event of the batch {@link
 * WriteOutcome#TRANSIENT}, and the caller decides about retries. Thread-safe; share one.
 *
 * @param endpoint where the NDJSON bodies go ({@link BulkEndpoint#of} on the shared client)
 * @param names whose alias is the live target and whose concrete indices a rebuild may write to
 * @param clock stamps each document's {@code indexed_at}
 */
public record ProjectionWriter(BulkEndpoint endpoint, PlatformNames names, Clock clock) {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWriter.class);

  public ProjectionWriter(ElasticsearchClient client, PlatformNames names) {
    this(BulkEndpoint.of(client), names, Clock.systemUTC());
  }

  public ProjectionWriter(ElasticsearchClient client, PlatformNames names, Clock clock) {
    this(BulkEndpoint.of(client), names, clock);
  }

  /** The live path: writes through the alias, and never creates an index if the alias is gone. */
  public BulkWriteResult write(List<EventEnvelope> batch) {
    return write(batch, names.searchAlias());
  }

  /**
   * Writes one batch to {@code target}. A concrete index must exist already (create it with {@code
   * SearchIndexes.createIndex}): Elasticsearch has no per-request "must exist" flag for concrete
   * names, so a write to a deleted one would auto-create it with dynamic mappings.
   *
   * @param target the alias, or (for a rebuild's load only) a concrete index of this deployment
   *     that is not yet behind the alias
   * @return one result per event, in batch order
   */
  public BulkWriteResult write(List<EventEnvelope> batch, String target) {
    ProductDocument[] docs = new ProductDocument[batch.size()];
    EventWriteResult[] results = new EventWriteResult[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      EventEnvelope event = batch.get(i);
      try {
        docs[i] = ProductDocument.fromEnvelope(event);
      } catch (InvalidEventException e) {
        results[i] =
            new EventWriteResult(
                event == null ? null : event.eventId(),
                event == null ? null : event.aggregateId(),
                event == null ? 0 : event.aggregateVersion(),
                WriteOutcome.PERMANENT,
                0,
                e.getClass().getSimpleName(),
                e.getMessage());
      }
    }
    return write(docs, results, target);
  }

  /** Documents built elsewhere (a rebuild from the database), same rules as {@link #write}. */
  public BulkWriteResult writeDocuments(List<ProductDocument> documents, String target) {
    return write(
        documents.toArray(ProductDocument[]::new), new EventWriteResult[documents.size()], target);
  }

  /** Sends {@code docs[i]} wherever {@code results[i]} is not filled in yet. */
  private BulkWriteResult write(ProductDocument[] docs, EventWriteResult[] results, String target) {
    checkTarget(target);
    long begin = System.nanoTime();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < docs.length; i++) {
      if (results[i] == null) {
        positions.add(i);
      }
    }
    if (!positions.isEmpty()) {
      send(positions, docs, results, target);
    }
    BulkWriteResult result =
        new BulkWriteResult(Arrays.asList(results), (System.nanoTime() - begin) / 1_000_000);
    if (!result.noTransients() || !result.permanents().isEmpty()) {
      LOG.warn(
          "bulk of {} to {}: {} ok, {} conflicts, {} permanent, {} transient",
          docs.length,
          target,
          result.count(WriteOutcome.OK),
          result.count(WriteOutcome.VERSION_CONFLICT),
          result.count(WriteOutcome.PERMANENT),
          result.count(WriteOutcome.TRANSIENT));
    }
    return result;
  }

  private void send(
      List<Integer> positions, ProductDocument[] docs, EventWriteResult[] results, String target) {
    Instant now = clock.instant();
    BulkEndpoint.Body body = new BulkEndpoint.Body();
    for (int i : positions) {
      body.index(target, docs[i], now);
    }
    try {
      List<BulkEndpoint.Item> items =
          endpoint.send(body, target.equals(names.searchAlias())).join();
      for (int k = 0; k < positions.size(); k++) {
        int i = positions.get(k);
        results[i] = fromItem(docs[i], items.get(k));
      }
    } catch (CompletionException e) {
      failAll(positions, docs, results, e.getCause() == null ? e : e.getCause());
    }
  }

  /** Whatever failed a whole request (5xx, refused connection, timeout) is worth a retry. */
  private static void failAll(
      List<Integer> positions, ProductDocument[] docs, EventWriteResult[] results, Throwable e) {
    EsFailure f =
        EsFailure.of(e)
            .orElseGet(
                () ->
                    new EsFailure(0, e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
    failAll(positions, docs, results, f.status(), f.type(), f.reason());
  }

  private static EventWriteResult fromItem(ProductDocument doc, BulkEndpoint.Item item) {
    return new EventWriteResult(
        doc.eventId(),
        doc.id(),
        doc.version(),
        WriteOutcome.classify(item.status(), item.errorType()),
        item.status(),
        item.errorType(),
        item.errorReason());
  }

  private static void failAll(
      List<Integer> positions,
      ProductDocument[] docs,
      EventWriteResult[] results,
      int status,
      String type,
      String reason) {
    LOG.warn("bulk request failed as a whole ({} {}): {}", status, type, reason);
    for (int i : positions) {
      ProductDocument doc = docs[i];
      results[i] =
          new EventWriteResult(
              doc.eventId(), doc.id(), doc.version(), WriteOutcome.TRANSIENT, status, type, reason);
    }
  }

  private void checkTarget(String target) {
    if (!names.searchAlias().equals(target) && !names.isSearchIndex(target)) {
      throw new IllegalArgumentException(
          "write target must be " + names.searchAlias() + " or one of its indices: " + target);
    }
  }
}
