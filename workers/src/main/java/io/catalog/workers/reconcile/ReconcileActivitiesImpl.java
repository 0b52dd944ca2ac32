package io.catalog.workers.reconcile;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.Product;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.workflows.reconcile.ConfirmReport;
import io.catalog.workflows.reconcile.ConfirmRequest;
import io.catalog.workflows.reconcile.DriftCounts;
import io.catalog.workflows.reconcile.ReconcileActivities;
import io.catalog.workflows.reconcile.ReconcilePlan;
import io.catalog.workflows.reconcile.ReconcileProgress;
import io.catalog.workflows.reconcile.RepairReport;
import io.catalog.workflows.reconcile.SliceReport;
import io.catalog.workflows.reconcile.SliceRequest;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The reconciliation's steps against Postgres and the index behind the alias. Reads only, except
 * {@link #repair}, which mends through {@link DriftRepair} (a dry run never calls it). Thread-safe.
 */
public final class ReconcileActivitiesImpl implements ReconcileActivities {
  private static final Logger log = LoggerFactory.getLogger(ReconcileActivitiesImpl.class);
  static final int MAX_EXAMPLES = 20;

  private final Jdbi jdbi;
  private final ElasticsearchClient client;
  private final SearchIndexes indexes;
  private final IndexSide index;
  private final DriftRepair repair;
  private final ReconcileMetrics metrics;

  /**
   * @param jdbi configured with {@code Database.configure} (SqlObject and Postgres plugins)
   */
  public ReconcileActivitiesImpl(
      Jdbi jdbi, ElasticsearchClient client, PlatformNames names, ReconcileMetrics metrics) {
    this.jdbi = jdbi;
    this.client = client;
    this.indexes = new SearchIndexes(client, names);
    this.index = new IndexSide(client, names.searchAlias());
    this.repair = new DriftRepair(client, new ProjectionWriter(client, names));
    this.metrics = metrics;
  }

  /**
   * Plans the run over the database's ids, after a refresh of the index behind the alias: the
   * fingerprints and walks are searches, which see only what the last refresh made visible. Without
   * it, a document deleted or edited just before the run and not yet refreshed passes every
   * comparison and is left for the next run.
   */
  @Override
  public ReconcilePlan plan() {
    String target = aliasTarget();
    try {
      client.indices().refresh(r -> r.index(target));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot refresh " + target, e);
    }
    long rows = jdbi.withExtension(ReconcileDao.class, ReconcileDao::countAll);
    List<String> bounds = jdbi.withHandle(h -> BucketComparison.lowerBounds(h, rows));
    log.info(
        "reconciling {} behind {}: {} products in {} buckets",
        target,
        indexes.alias(),
        rows,
        bounds.size());
    return new ReconcilePlan(target, bounds, rows);
  }

  @Override
  public SliceReport compareSlice(SliceRequest request) {
    List<String> lows = request.lowerBounds();
    try (MDC.MDCCloseable ignored = workflowId()) {
      long begin = System.nanoTime();
      List<Integer> differing =
          jdbi.withHandle(h -> BucketComparison.differing(h, client, indexes.alias(), request));
      long compared = System.nanoTime();
      List<String> candidates = new ArrayList<>();
      AtomicLong overflow = new AtomicLong();
      for (int k : differing) {
        walk(
            lows.get(k),
            request.upperBound(k),
            id -> {
              if (candidates.size() < request.maxCandidates()) {
                candidates.add(id);
              } else {
                overflow.incrementAndGet();
              }
            });
        Activity.getExecutionContext().heartbeat(request.firstBucket() + k);
      }
      log.info(
          "buckets {} to {}: {} differ, {} candidates; fingerprints {} ms, walks {} ms",
          request.firstBucket(),
          request.firstBucket() + lows.size() - 1,
          differing.size(),
          candidates.size(),
          (compared - begin) / 1_000_000,
          (System.nanoTime() - compared) / 1_000_000);
      return new SliceReport(lows.size(), differing.size(), candidates, overflow.get());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the index behind " + indexes.alias(), e);
    }
  }

  /**
   * Both sides of one id range side by side in id order; each id that differs now goes to {@code
   * differs}. The database's side is one bucket, as large as the plan made it, read whole in one
   * short transaction; the index's side is whatever the index holds in the range, read a page at a
   * time as the walk goes ({@link IndexSide#range}), so neither a bucket full of orphans nor its
   * differing ids are ever held at once.
   */
  private void walk(String from, String to, Consumer<String> differs) {
    List<Product> rows =
        jdbi.inTransaction(
            handle -> {
              try (Stream<Product> range =
                  handle
                      .attach(ReconcileDao.class)
                      .range(from, to != null ? to : BucketComparison.TOP)) {
                return range.toList();
              }
            });
    BucketComparison.walk(
        rows.iterator(),
        index.range(from, to),
        (id, row, doc) -> {
          if (DriftCheck.check(id, row, doc) != null) {
            differs.accept(id);
          }
        });
  }

  @Override
  public ConfirmReport confirm(ConfirmRequest request) {
    try (MDC.MDCCloseable ignored = workflowId()) {
      Settled settled = settled(request);
      DriftCounts drift = DriftCounts.NONE;
      List<String> drifted = new ArrayList<>();
      List<String> examples = new ArrayList<>();
      for (DriftRepair.Fix fix : settled.fixes()) {
        DriftCheck.Finding finding = fix.finding();
        drift = drift.plus(finding.drift(), 1);
        drifted.add(finding.id());
        if (examples.size() < MAX_EXAMPLES) {
          examples.add(finding.line());
        }
        try (MDC.MDCCloseable a = MDC.putCloseable("aggregate_id", finding.id())) {
          log.warn("drift {}: {}", finding.drift().wireName(), finding.detail());
        }
      }
      return new ConfirmReport(drift, settled.inFlight(), settled.resolved(), drifted, examples);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot re-check drift in " + indexes.alias(), e);
    }
  }

  @Override
  public RepairReport repair(ConfirmRequest request) {
    try (MDC.MDCCloseable ignored = workflowId()) {
      Settled settled = settled(request);
      if (settled.fixes().isEmpty()) {
        return new RepairReport(0, 0);
      }
      DriftRepair.Outcome outcome = repair.repair(aliasTarget(), settled.fixes());
      log.info(
          "repaired {} documents, {} superseded by newer writes",
          outcome.repaired(),
          outcome.superseded());
      return new RepairReport(outcome.repaired(), outcome.superseded());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot repair drift in " + indexes.alias(), e);
    }
  }

  /**
   * The candidates as they are now: the ones still different and settled (with what to do), and how
   * many no longer differ or are explained by a change in flight.
   */
  private Settled settled(ConfirmRequest request) throws IOException {
    List<String> ids = request.ids();
    UUID[] uuids = new UUID[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      uuids[i] = uuid(ids.get(i));
    }
    Map<String, Product> rows = new HashMap<>();
    Set<String> unsettled = new HashSet<>();
    jdbi.useExtension(
        ReconcileDao.class,
        dao -> {
          dao.byIds(uuids).forEach(p -> rows.put(p.id().toString(), p));
          dao.unsettled(uuids, request.graceSeconds()).forEach(u -> unsettled.add(u.toString()));
        });
    Map<String, IndexedDocument> docs = index.get(ids);
    long inFlight = 0;
    long resolved = 0;
    List<DriftRepair.Fix> fixes = new ArrayList<>();
    for (String id : ids) {
      DriftCheck.Finding finding = DriftCheck.check(id, rows.get(id), docs.get(id));
      if (finding == null) {
        resolved++;
      } else if (unsettled.contains(id)) {
        inFlight++;
      } else {
        fixes.add(new DriftRepair.Fix(finding, rows.get(id), docs.get(id)));
      }
    }
    return new Settled(fixes, inFlight, resolved);
  }

  private record Settled(List<DriftRepair.Fix> fixes, long inFlight, long resolved) {}

  @Override
  public void recordRun(ReconcileProgress result) {
    metrics.record(result);
  }

  private String aliasTarget() {
    try {
      return indexes
          .aliasTarget()
          .orElseThrow(
              () ->
                  ApplicationFailure.newNonRetryableFailure(
                      "no index behind " + indexes.alias() + ": nothing to reconcile", "NoIndex"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + indexes.alias(), e);
    }
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      // A document whose id is not a uuid has no row by definition; compare it as such.
      return new UUID(0, 0);
    }
  }

  private static MDC.MDCCloseable workflowId() {
    return MDC.putCloseable(
        "workflow_id", Activity.getExecutionContext().getInfo().getWorkflowId());
  }
}
