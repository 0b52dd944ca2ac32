package io.catalog.workers.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.workers.dlq.DeadLetterPublisher;
import io.catalog.workers.kafka.ConsumerFactory;
import io.catalog.workers.kafka.ConsumerLoop;
import io.catalog.workers.kafka.ConsumerSupervisor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-side consumer of the workers process: group {@code product-event-projection-group} on
 * {@code product.events}, writing through alias {@code product_search}. It first makes sure the
 * alias exists (the first versioned index is created from the newest mapping when it does not),
 * waiting for Elasticsearch if it is down. A {@link ConsumerSupervisor} recreates the consumer when
 * its loop fails.
 */
public final class ProjectionService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProjectionService.class);

  /**
   * @param newestKnownSchema the newest event schema version the projection reads: {@link
   *     ProductEventUpcaster#CURRENT}, except in a test that runs the previous release's projection
   */
  public record Settings(int batchSize, int maxPoisonAttempts, int newestKnownSchema) {
    public Settings(int batchSize, int maxPoisonAttempts) {
      this(batchSize, maxPoisonAttempts, ProductEventUpcaster.CURRENT);
    }

    public static Settings defaults() {
      return new Settings(1000, 3);
    }
  }

  private final ConsumerSupervisor supervisor;
  private final CountDownLatch closing = new CountDownLatch(1);

  public ProjectionService(
      String bootstrap,
      ElasticsearchClient elasticsearch,
      Producer<byte[], byte[]> deadLetterProducer,
      PlatformNames names,
      Settings settings,
      MetricRegistry registry) {
    this(
        ConsumerFactory.kafka(bootstrap),
        elasticsearch,
        deadLetterProducer,
        names,
        settings,
        registry);
  }

  public ProjectionService(
      ConsumerFactory consumers,
      ElasticsearchClient elasticsearch,
      Producer<byte[], byte[]> deadLetterProducer,
      PlatformNames names,
      Settings settings,
      MetricRegistry registry) {
    ProjectionMetrics metrics = new ProjectionMetrics(registry);
    ProjectionWriter writer = new ProjectionWriter(elasticsearch, names);
    Timer bulk = metrics.bulk();
    ProductProjectionHandler handler =
        new ProductProjectionHandler(
            batch -> {
              try (Timer.Context ignored = bulk.time()) {
                return writer.write(batch);
              }
            },
            settings.newestKnownSchema());
    SearchIndexes indexes = new SearchIndexes(elasticsearch, names);
    DeadLetterPublisher deadLetters =
        new DeadLetterPublisher(
            deadLetterProducer, names.dlqProductEvents(), names.projectionGroup());
    supervisor =
        new ConsumerSupervisor(
            "projection",
            listener -> {
              awaitAlias(indexes);
              return new ConsumerLoop(
                  "projection",
                  consumers.create(
                      names.projectionGroup(),
                      "projection-" + ProcessHandle.current().pid(),
                      settings.batchSize()),
                  names.productEvents(),
                  handler,
                  deadLetters,
                  settings.maxPoisonAttempts(),
                  listener);
            },
            metrics,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30));
  }

  public ProjectionService start() {
    supervisor.start();
    return this;
  }

  /** Liveness of the projection consumer, for {@code /health}. */
  public ConsumerSupervisor.Status status() {
    return supervisor.status();
  }

  /** Returns once the alias exists; waits (and retries) while Elasticsearch is down. */
  private void awaitAlias(SearchIndexes indexes) throws InterruptedException {
    long wait = 500;
    while (true) {
      try {
        log.info("search alias {} -> {}", indexes.alias(), indexes.ensureAlias());
        return;
      } catch (Exception e) {
        log.warn("cannot ensure search alias yet ({}); retrying in {} ms", e.toString(), wait);
        if (closing.await(wait, TimeUnit.MILLISECONDS)) {
          throw new InterruptedException("closed while waiting for the search alias");
        }
        wait = Math.min(wait * 2, 10_000);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    closing.countDown();
    supervisor.close();
  }
}
