package io.catalog.search.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.catalog.kafka.ConsumerLoop;
import io.catalog.kafka.ConsumerFactory;
import io.catalog.kafka.DeadLetterPublisher;
import io.catalog.naming.PlatformNames;
import io.catalog.search.index.SearchIndexes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-side consumer of the workers process: group {@code product-event-projection-group} on
 * {@code product.events}, writing through alias {@code product_search}. It first makes sure the
 * alias exists (the first versioned index is created from the newest mapping when it does not),
 * waiting for Elasticsearch if it is down.
 */
public final class ProjectionService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProjectionService.class);

  public record Settings(int batchSize, int maxPoisonAttempts) {
    public static Settings defaults() {
      return new Settings(1000, 3);
    }
  }

  private final Thread thread;
  private volatile ConsumerLoop loop;
  private volatile boolean closed;

  public ProjectionService(
      String bootstrap,
      ElasticsearchClient elasticsearch,
      Producer<byte[], byte[]> deadLetterProducer,
      PlatformNames names,
      Settings settings,
      MetricRegistry registry) {
    this(ConsumerFactory.kafka(bootstrap), elasticsearch, deadLetterProducer, names, settings, registry);
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
            });
    thread =
        new Thread(
            () -> {
              if (!awaitAlias(new SearchIndexes(elasticsearch, names))) {
                return;
              }
              loop =
                  new ConsumerLoop(
                      "projection",
                      consumers.create(names.projectionGroup(), "projection-" + ProcessHandle.current().pid(), settings.batchSize()),
                      names.productEvents(),
                      handler,
                      new DeadLetterPublisher(deadLetterProducer, names.dlqProductEvents(), names.projectionGroup()),
                      settings.maxPoisonAttempts(),
                      metrics);
              if (!closed) {
                loop.run();
              }
            },
            "projection-consumer");
  }

  public ProjectionService start() {
    thread.start();
    return this;
  }

  private boolean awaitAlias(SearchIndexes indexes) {
    long wait = 500;
    while (!closed) {
      try {
        log.info("search alias {} -> {}", indexes.alias(), indexes.ensureAlias());
        return true;
      } catch (Exception e) {
        log.warn("cannot ensure search alias yet ({}); retrying in {} ms", e.toString(), wait);
        try {
          TimeUnit.MILLISECONDS.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
        wait = Math.min(wait * 2, 10_000);
      }
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    ConsumerLoop current = loop;
    if (current != null) {
      current.close();
    }
    thread.interrupt();
    thread.join(Duration.ofSeconds(15).toMillis());
  }
}
