package io.catalog.workers.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.index.IndexInfo;
import io.catalog.search.index.MappingVersion;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.workers.kafka.Consumers;
import io.catalog.workflows.rebuild.DatabaseLoadRequest;
import io.catalog.workflows.rebuild.DatabaseLoadResult;
import io.catalog.workflows.rebuild.EventCopyRequest;
import io.catalog.workflows.rebuild.EventCopyResult;
import io.catalog.workflows.rebuild.OffsetsSnapshot;
import io.catalog.workflows.rebuild.ProductSearchRebuildActivities;
import io.catalog.workflows.rebuild.RebuildPlan;
import io.catalog.workflows.rebuild.ValidationReport;
import io.catalog.workflows.rebuild.ValidationRequest;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebuild's activities against Postgres, Kafka and Elasticsearch. Index and alias operations go
 * through {@link SearchIndexes} (each safe to retry), loads through {@link DatabaseLoader} and
 * {@link EventCopier}, validation through {@link RebuildValidator}. Thread-safe: one instance
 * serves every activity task of the worker.
 */
public final class ProductSearchRebuildActivitiesImpl implements ProductSearchRebuildActivities {
  private static final Logger log =
      LoggerFactory.getLogger(ProductSearchRebuildActivitiesImpl.class);

  private final Jdbi jdbi;
  private final ElasticsearchClient client;
  private final PlatformNames names;
  private final SearchIndexes indexes;
  private final DatabaseLoader loader;
  private final EventCopier copier;
  private final RebuildValidator validator;
  private final AliasHandover handover;
  private final Counter compensationFailures;
  private final StepHeartbeat stepHeartbeat = new StepHeartbeat();

  /**
   * @param jdbi configured with {@code Database.configure} (SqlObject and Postgres plugins)
   * @param metrics the workers' registry (exported on /metrics): {@code
   *     rebuild_compensation_failures} counts rebuilds whose compensation failed
   */
  public ProductSearchRebuildActivitiesImpl(
      Jdbi jdbi,
      ElasticsearchClient client,
      String kafkaBootstrap,
      PlatformNames names,
      MetricRegistry metrics) {
    this.jdbi = jdbi;
    this.client = client;
    this.names = names;
    this.indexes = new SearchIndexes(client, names);
    RebuildWrites writes = new RebuildWrites(client, new ProjectionWriter(client, names), names);
    this.loader = new DatabaseLoader(jdbi, writes);
    this.copier =
        new EventCopier(
            // Group-less: positions live in the workflow and in heartbeats. A rebuild reads what
            // the outbox publisher committed; it never writes transactionally, so read_committed
            // only matters if it ever does. String keys; EnvelopeReader parses the value bytes.
            () ->
                Consumers.groupless(
                    kafkaBootstrap,
                    names.prefix() + "search-rebuild",
                    1000,
                    StringDeserializer.class,
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
            names.productEvents(),
            writes,
            () -> jdbi.withExtension(RebuildProductDao.class, RebuildProductDao::clockMicros));
    this.validator = new RebuildValidator(jdbi, client);
    this.handover =
        new AliasHandover(indexes, copier, new ProjectionPositions(kafkaBootstrap, names));
    this.compensationFailures = metrics.counter(COMPENSATION_FAILURES);
  }

  /** The counter of failed compensations in the workers' registry. */
  public static final String COMPENSATION_FAILURES = "rebuild_compensation_failures";

  /**
   * Runs a step (not a load, a validation or an alias hand-back, which heartbeat on their own) with
   * {@link StepHeartbeat}: a killed worker is noticed within the step's heartbeat timeout.
   */
  private <T> T step(Supplier<T> body) {
    return stepHeartbeat.during(Activity.getExecutionContext(), body);
  }

  /** Alias moves that lose no write; the rollback's activities share it. */
  AliasHandover handover() {
    return handover;
  }

  @Override
  public RebuildPlan inspect(int mappingVersion) {
    return step(
        () -> {
          int version = mappingVersion == 0 ? MappingVersion.NEWEST : mappingVersion;
          try {
            MappingVersion.load(version);
          } catch (IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
          }
          try {
            String target = indexes.aliasTarget().orElse(null);
            List<String> indices = indexes.listIndices().stream().map(IndexInfo::name).toList();
            long rows = jdbi.withExtension(RebuildProductDao.class, RebuildProductDao::countAll);
            long live = jdbi.withExtension(RebuildProductDao.class, RebuildProductDao::countLive);
            return new RebuildPlan(
                indexes.alias(), names.searchIndexPrefix(), target, indices, version, rows, live);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search indices", e);
          }
        });
  }

  @Override
  public String createIndex(String index, int mappingVersion, long createdAtMillis) {
    return step(
        () -> {
          Instant createdAt = Instant.ofEpochMilli(createdAtMillis);
          if (!indexes.indexName(mappingVersion, createdAt).equals(index)) {
            throw ApplicationFailure.newNonRetryableFailure(
                index + " is not the name of mapping v" + mappingVersion + " at " + createdAt,
                "InvalidInput");
          }
          try {
            return indexes.createIndex(mappingVersion, createdAt, true);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + index, e);
          }
        });
  }

  @Override
  public boolean deleteIndex(String index) {
    return step(
        () -> {
          try {
            return indexes.deleteIndex(index);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + index, e);
          }
        });
  }

  @Override
  public OffsetsSnapshot recordEndOffsets() {
    return step(
        () -> {
          OffsetsSnapshot offsets = copier.offsets();
          log.info(
              "{} offsets: beginning {}, end {}",
              names.productEvents(),
              offsets.beginning(),
              offsets.end());
          return offsets;
        });
  }

  @Override
  public DatabaseLoadResult loadFromDatabase(DatabaseLoadRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    DatabaseLoadHeartbeat resume =
        ctx.getHeartbeatDetails(DatabaseLoadHeartbeat.class).orElse(null);
    return loader.load(request, resume, ctx.getInfo().getAttempt(), new TemporalChunkContext(ctx));
  }

  @Override
  public EventCopyResult copyEvents(EventCopyRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    EventCopyHeartbeat resume = ctx.getHeartbeatDetails(EventCopyHeartbeat.class).orElse(null);
    return copier.copy(request, resume, ctx.getInfo().getAttempt(), new TemporalChunkContext(ctx));
  }

  @Override
  public ValidationReport validate(ValidationRequest request) {
    try {
      ValidationReport report =
          validator.validate(request, new TemporalChunkContext(Activity.getExecutionContext()));
      log.info("validation of {}: {}", request.index(), report.summary());
      if (report.ok()) {
        // Only a validated (or served) index is ever a rollback target or kept by retention.
        indexes.markValidated(request.index());
      }
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot validate " + request.index(), e);
    }
  }

  @Override
  public void restoreSettings(String index) {
    step(
        () -> {
          try {
            indexes.restoreSettings(index);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the settings of " + index, e);
          }
          return null;
        });
  }

  @Override
  public void switchAlias(String index) {
    step(
        () -> {
          try {
            handover.switchTo(index);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot switch " + indexes.alias() + " to " + index, e);
          }
          return null;
        });
  }

  @Override
  public void restoreAlias(String previousIndex, String newIndex) {
    try {
      if (previousIndex != null) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        handover.moveBack(
            newIndex,
            previousIndex,
            ctx.getInfo().getWorkflowId() + "/restore-alias",
            new TemporalChunkContext(ctx));
        return;
      }
      if (indexes.aliasHolders().contains(newIndex)) {
        // There was no alias before the rebuild: take it away again, atomically.
        client
            .indices()
            .updateAliases(
                u -> u.actions(a -> a.remove(r -> r.index(newIndex).alias(indexes.alias()))));
        log.info(
            "alias {} removed from {} (it did not exist before the rebuild)",
            indexes.alias(),
            newIndex);
      }
    } catch (ElasticsearchException | IOException e) {
      throw new IllegalStateException(
          "cannot put alias " + indexes.alias() + " back: " + e.getMessage(), e);
    }
  }

  @Override
  public void reportCompensationFailure(String rebuild, String error) {
    compensationFailures.inc();
    log.error("{}: compensation failed, something is left behind: {}", rebuild, error);
  }

  @Override
  public List<String> deleteOldIndices(int keepPrevious) {
    return step(
        () -> {
          try {
            return indexes.deleteOldIndices(keepPrevious);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot delete old indices", e);
          }
        });
  }
}
