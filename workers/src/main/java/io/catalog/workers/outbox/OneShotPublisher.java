package io.catalog.workers.outbox;

import io.catalog.domain.db.Database;
import io.catalog.domain.outbox.ClaimWindow;
import io.catalog.domain.outbox.OutboxPublishDao;
import io.catalog.workers.WorkersConfig;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code platform process-outbox}: publishes every row that is pending now, over all shards, with
 * the same claim-send-mark code as the shard workflows, and stops. Safe while the workflows run:
 * rows they hold are skipped (SKIP LOCKED), never published twice, and per-product order holds.
 *
 * <pre>{@code
 * try (OneShotPublisher oneShot = OneShotPublisher.connect(WorkersConfig.fromEnv())) {
 *   OneShotPublisher.Result r = oneShot.publishPending();
 *   // r.published() rows published by this run
 * }
 * }</pre>
 */
public final class OneShotPublisher implements AutoCloseable {
  public static final int DEFAULT_BATCH_SIZE = 500;

  /**
   * @param published rows this run published
   * @param sendFailures failed sends (retriable ones included)
   * @param newlyFailed rows this run turned FAILED
   * @param brokerUnavailable the run stopped early because the broker did not acknowledge
   * @param lastError the last send error, or null
   */
  public record Result(
      long published,
      long sendFailures,
      long newlyFailed,
      boolean brokerUnavailable,
      String lastError) {}

  private final Jdbi jdbi;
  private final OutboxPublisher publisher;
  private final Runnable onClose;

  public OneShotPublisher(Jdbi jdbi, OutboxPublisher publisher) {
    this(jdbi, publisher, () -> {});
  }

  private OneShotPublisher(Jdbi jdbi, OutboxPublisher publisher, Runnable onClose) {
    this.jdbi = jdbi;
    this.publisher = publisher;
    this.onClose = onClose;
  }

  /**
   * Connects to the database and Kafka of {@code config} and makes sure the topics exist (so the
   * first send never meets an unknown topic). {@link #close()} closes the producer.
   */
  public static OneShotPublisher connect(WorkersConfig config) {
    try (TopicProvisioner topics = TopicProvisioner.connect(config.endpoints().kafkaBootstrap())) {
      topics.provision(TopicSpec.platformTopics(config.names(), config.eventPartitions()));
    }
    Jdbi jdbi =
        Database.configure(
            Jdbi.create(
                config.endpoints().dbUrl(),
                config.endpoints().dbUser(),
                config.endpoints().dbPassword()));
    Producer<String, String> producer =
        OutboxProducers.create(
            config.endpoints().kafkaBootstrap(), config.names().prefix() + "outbox-one-shot");
    OutboxPublisher publisher =
        new OutboxPublisher(
            producer,
            OutboxPublisher.Settings.withMaxAttempts(config.outboxMaxAttempts()),
            OutboxMetrics.unregistered());
    return new OneShotPublisher(jdbi, publisher, producer::close);
  }

  public Result publishPending() {
    return publishPending(DEFAULT_BATCH_SIZE);
  }

  /**
   * Publishes, batch after batch, the rows that were in the outbox when the call began (rows
   * written meanwhile are left to the workflows), until none is left that can go now: rows in retry
   * backoff, FAILED rows and the later events of their products stay where they are.
   */
  public Result publishPending(int batchSize) {
    try (Handle handle = jdbi.open()) {
      long maxId = OutboxPublishDao.on(handle).maxId();
      PublishProgress total = PublishProgress.NONE;
      ClaimWindow next = ClaimWindow.allShards(batchSize, maxId);
      while (true) {
        ClaimWindow window = next;
        OutboxPublisher.BatchResult r = publisher.publishBatch(handle, window, () -> {});
        next = r.next(window);
        if (r.claimed() == 0 && window.minId() > 0) {
          continue; // nothing above the last batch: walk from the start once more
        }
        if (r.claimed() == 0) {
          return result(total, false);
        }
        total = total.add(r);
        if (r.retriableFailures() > 0) {
          return result(total, true);
        }
      }
    }
  }

  private static Result result(PublishProgress p, boolean brokerUnavailable) {
    return new Result(
        p.published(), p.sendFailures(), p.newlyFailed(), brokerUnavailable, p.lastError());
  }

  @Override
  public void close() {
    onClose.run();
  }
}
