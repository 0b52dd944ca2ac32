package io.catalog.localstack;

import io.catalog.domain.config.Endpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Postgres, Kafka, Elasticsearch and Temporal on loopback, without Docker: one of each, or in
 * the {@linkplain StackProfile#CLUSTER cluster profile} three Kafka brokers, three Elasticsearch
 * nodes and the real Temporal server with its Web UI.
 *
 * <pre>{@code
 * LocalStack stack = LocalStack.of(StackProfile.DEV).ensureUp();
 * String jdbcUrl = stack.endpoints().dbUrl();
 * stack.down();
 * }</pre>
 *
 * <p>Every server runs as a detached OS process with a pid file under {@code
 * <root>/.platform/<profile>/<server>/}, so it outlives the JVM that started it and any JVM can
 * stop it. Tests use {@link #shared()}.
 */
public final class LocalStack {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Object SHARED_LOCK = new Object();
  private static LocalStack shared;
  private static RuntimeException sharedFailure;

  private final StackConfig config;
  private final PostgresServer postgres;
  private final List<KafkaServer> kafkaBrokers = new ArrayList<>();
  private final List<ElasticsearchServer> elasticsearchNodes = new ArrayList<>();
  private final TemporalService temporal;
  private final List<ManagedServer> servers = new ArrayList<>();

  private LocalStack(StackConfig config) {
    this.config = config;
    this.postgres = new PostgresServer(config);
    StackProfile profile = config.profile();
    for (int node = 1; node <= profile.kafkaBrokers(); node++) {
      kafkaBrokers.add(new KafkaServer(config, node));
    }
    for (int node = 1; node <= profile.elasticsearchNodes(); node++) {
      elasticsearchNodes.add(new ElasticsearchServer(config, node));
    }
    servers.add(postgres);
    servers.addAll(kafkaBrokers);
    servers.addAll(elasticsearchNodes);
    if (profile.clustered()) {
      this.temporal = new TemporalClusterServer(config, postgres);
      servers.add(temporal);
      servers.add(new TemporalUiServer(config));
    } else {
      this.temporal = new TemporalServer(config);
      servers.add(temporal);
    }
  }

  /** The stack of {@code profile}, resolved against the environment (see {@link StackConfig}). */
  public static LocalStack of(StackProfile profile) {
    return of(StackConfig.resolve(profile));
  }

  public static LocalStack of(StackConfig config) {
    return new LocalStack(config);
  }

  /**
   * The {@link StackProfile#TEST} stack for integration tests: brought up on the first call in a
   * JVM, never stopped by the JVM ({@code ./platform test} stops it when the suite is done), so
   * later test JVMs find it running.
   */
  public static LocalStack shared() {
    synchronized (SHARED_LOCK) {
      if (sharedFailure != null) {
        // Fail every later test class at once instead of waiting out the timeouts again.
        throw new LocalStackException(
            "the shared test stack failed to start earlier in this JVM: "
                + sharedFailure.getMessage(),
            sharedFailure);
      }
      if (shared == null) {
        LocalStack stack = of(StackProfile.TEST);
        try {
          stack.ensureUp();
        } catch (RuntimeException e) {
          sharedFailure = e;
          throw e;
        }
        shared = stack;
      }
      return shared;
    }
  }

  public StackConfig config() {
    return config;
  }

  public Endpoints endpoints() {
    return config.endpoints();
  }

  public PostgresServer postgres() {
    return postgres;
  }

  /** The (first) Kafka broker. */
  public KafkaServer kafka() {
    return kafkaBrokers.get(0);
  }

  /** Every Kafka broker: one, or three in the cluster profile. */
  public List<KafkaServer> kafkaBrokers() {
    return List.copyOf(kafkaBrokers);
  }

  /** The (first) Elasticsearch node, the one {@link Endpoints#elasticsearchUrl()} names. */
  public ElasticsearchServer elasticsearch() {
    return elasticsearchNodes.get(0);
  }

  /** Every Elasticsearch node: one, or three in the cluster profile. */
  public List<ElasticsearchServer> elasticsearchNodes() {
    return List.copyOf(elasticsearchNodes);
  }

  /** The dev server, or in the cluster profile the real server. */
  public TemporalService temporal() {
    return temporal;
  }

  /**
   * Every server, in a fixed order: postgres, the Kafka brokers, the Elasticsearch nodes, temporal
   * and, in the cluster profile, temporal-ui.
   */
  public List<ManagedServer> servers() {
    return List.copyOf(servers);
  }

  /**
   * Starts whatever is not up, all at once, and waits until every server is ready.
   *
   * @throws LocalStackException naming each server that failed and its log file
   */
  public LocalStack ensureUp() {
    Instant begin = Instant.now();
    forEachInParallel("start", ManagedServer::start);
    LOG.info(
        "local stack '{}' up in {} ms",
        config.profile().id(),
        Duration.between(begin, Instant.now()).toMillis());
    return this;
  }

  /**
   * Stops every server of this profile (by its pid file), all at once; the Kafka brokers of a
   * cluster first, all signalled together (see {@link AbstractServer#stopTogether}).
   */
  public void down() {
    if (kafkaBrokers.size() > 1) {
      AbstractServer.stopTogether(kafkaBrokers);
    }
    forEachInParallel("stop", ManagedServer::stop);
    LOG.info("local stack '{}' down", config.profile().id());
  }

  private void forEachInParallel(String verb, Consumer<ManagedServer> action) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            servers().size(),
            runnable -> {
              Thread thread = new Thread(runnable, "local-stack-" + verb);
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (ManagedServer server : servers()) {
        futures.add(pool.submit(() -> action.accept(server)));
      }
      List<Throwable> failures = new ArrayList<>();
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      if (!failures.isEmpty()) {
        LocalStackException failure =
            new LocalStackException(
                "cannot "
                    + verb
                    + " the '"
                    + config.profile().id()
                    + "' stack: "
                    + String.join("; ", failures.stream().map(Throwable::getMessage).toList()));
        failures.forEach(failure::addSuppressed);
        throw failure;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalStackException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
