package io.catalog.workers;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.naming.PlatformNames;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the worker process, from environment variables ({@link #fromEnv()}) or built directly
 * by tests ({@link #fromEnv(Map)} with a map of the same names).
 *
 * <table>
 * <tr><td>DB_URL</td><td>jdbc:postgresql://127.0.0.1:5432/platform</td></tr>
 * <tr><td>DB_USER, DB_PASSWORD</td><td>platform</td></tr>
 * <tr><td>KAFKA_BOOTSTRAP</td><td>127.0.0.1:9092</td></tr>
 * <tr><td>ES_URL</td><td>http://127.0.0.1:9200</td></tr>
 * <tr><td>TEMPORAL_TARGET, TEMPORAL_NAMESPACE</td><td>127.0.0.1:7233, default</td></tr>
 * <tr><td>WORKERS_METRICS_PORT</td><td>8002 (0 = any free port)</td></tr>
 * <tr><td>WORKERS_OPS_BIND</td><td>127.0.0.1: address of /metrics and /health (0.0.0.0 in containers)</td></tr>
 * <tr><td>WORKERS_CONSUMER_STALE_SECONDS</td><td>60: a consumer without a successful poll for longer is unhealthy</td></tr>
 * <tr><td>OUTBOX_SHARDS, OUTBOX_BATCH_SIZE</td><td>1, 500</td></tr>
 * <tr><td>OUTBOX_LINGER_MS</td><td>5: after a short batch, the next claim of a publisher begins at least this long after that batch's (0 to 1000; 0: at once)</td></tr>
 * <tr><td>OUTBOX_MAX_ATTEMPTS</td><td>10 sends that fail by the record's own fault, then FAILED</td></tr>
 * <tr><td>OUTBOX_RETENTION</td><td>P7D: age after which PUBLISHED rows are deleted</td></tr>
 * <tr><td>RECONCILE_INTERVAL</td><td>PT10M: how often the drift reconciliation runs (at least PT1M; off: never, the schedule is removed)</td></tr>
 * <tr><td>OUTBOX_SUPERVISE_SECONDS</td><td>30: how often the publisher workflows are re-checked</td></tr>
 * <tr><td>KAFKA_EVENT_PARTITIONS</td><td>3: partitions of product.events and product.commands</td></tr>
 * <tr><td>PLATFORM_NAME_PREFIX</td><td>"": prefix of topics, task queues, workflow ids (tests)</td></tr>
 * <tr><td>LOG_FORMAT</td><td>text or json</td></tr>
 * </table>
 */
public record WorkersConfig(
    Endpoints endpoints,
    int metricsPort,
    String opsBind,
    int outboxShards,
    int outboxBatchSize,
    Duration outboxLinger,
    int outboxMaxAttempts,
    Duration outboxRetention,
    Duration superviseInterval,
    int eventPartitions,
    String logFormat,
    Duration consumerStaleAfter,
    Duration reconcileInterval) {

  /** The longest {@code OUTBOX_LINGER_MS}: beyond a second it is a pause, not a linger. */
  public static final Duration MAX_LINGER = Duration.ofSeconds(1);

  /** {@code OUTBOX_LINGER_MS} when unset (docs/benchmarks.md, "A relay that lingers"). */
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

  public WorkersConfig {
    if (outboxShards < 1 || outboxBatchSize < 1 || outboxMaxAttempts < 1 || eventPartitions < 1) {
      throw new IllegalArgumentException(
          "OUTBOX_SHARDS, OUTBOX_BATCH_SIZE, OUTBOX_MAX_ATTEMPTS and KAFKA_EVENT_PARTITIONS must be"
              + " >= 1");
    }
    if (outboxLinger.isNegative() || outboxLinger.compareTo(MAX_LINGER) > 0) {
      throw new IllegalArgumentException(
          "OUTBOX_LINGER_MS must be between 0 and "
              + MAX_LINGER.toMillis()
              + ", was "
              + outboxLinger.toMillis());
    }
    if (consumerStaleAfter.isNegative() || consumerStaleAfter.isZero()) {
      throw new IllegalArgumentException("WORKERS_CONSUMER_STALE_SECONDS must be >= 1");
    }
    if (!reconcileInterval.isZero() && reconcileInterval.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "RECONCILE_INTERVAL must be off or at least PT1M, was " + reconcileInterval);
    }
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new IllegalArgumentException("LOG_FORMAT must be text or json, was " + logFormat);
    }
  }

  /** The names (topics, task queues, workflow ids) under {@code PLATFORM_NAME_PREFIX}. */
  public PlatformNames names() {
    return endpoints.names();
  }

  /** The same settings with other endpoints (another database, another prefix). */
  public WorkersConfig withEndpoints(Endpoints other) {
    return new WorkersConfig(
        other,
        metricsPort,
        opsBind,
        outboxShards,
        outboxBatchSize,
        outboxLinger,
        outboxMaxAttempts,
        outboxRetention,
        superviseInterval,
        eventPartitions,
        logFormat,
        consumerStaleAfter,
        reconcileInterval);
  }

  public static WorkersConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  public static WorkersConfig fromEnv(Map<String, String> env) {
    Variables s = new Variables(env);
    return new WorkersConfig(
        Endpoints.fromEnv(env),
        s.integer("WORKERS_METRICS_PORT", 8002),
        // Loopback unless a deployment opts in: /health and /metrics are for the host's own probes.
        s.get("WORKERS_OPS_BIND", "127.0.0.1"),
        s.integer("OUTBOX_SHARDS", 1),
        s.integer("OUTBOX_BATCH_SIZE", 500),
        Duration.ofMillis(s.integer("OUTBOX_LINGER_MS", (int) DEFAULT_LINGER.toMillis())),
        s.integer("OUTBOX_MAX_ATTEMPTS", 10),
        s.duration("OUTBOX_RETENTION", "P7D"),
        Duration.ofSeconds(s.integer("OUTBOX_SUPERVISE_SECONDS", 30)),
        s.integer("KAFKA_EVENT_PARTITIONS", 3),
        s.get("LOG_FORMAT", "text"),
        Duration.ofSeconds(s.integer("WORKERS_CONSUMER_STALE_SECONDS", 60)),
        "off".equals(s.get("RECONCILE_INTERVAL", ""))
            ? Duration.ZERO
            : s.duration("RECONCILE_INTERVAL", "PT10M"));
  }

  /**
   * The environment that {@link #fromEnv(Map)} turns back into this config (for child processes).
   */
  public Map<String, String> toEnv() {
    Map<String, String> env = endpoints.toEnv();
    env.put("WORKERS_METRICS_PORT", Integer.toString(metricsPort));
    env.put("WORKERS_OPS_BIND", opsBind);
    env.put("OUTBOX_SHARDS", Integer.toString(outboxShards));
    env.put("OUTBOX_BATCH_SIZE", Integer.toString(outboxBatchSize));
    env.put("OUTBOX_LINGER_MS", Long.toString(outboxLinger.toMillis()));
    env.put("OUTBOX_MAX_ATTEMPTS", Integer.toString(outboxMaxAttempts));
    env.put("OUTBOX_RETENTION", outboxRetention.toString());
    env.put("OUTBOX_SUPERVISE_SECONDS", Long.toString(superviseInterval.toSeconds()));
    env.put("KAFKA_EVENT_PARTITIONS", Integer.toString(eventPartitions));
    env.put("LOG_FORMAT", logFormat);
    env.put("WORKERS_CONSUMER_STALE_SECONDS", Long.toString(consumerStaleAfter.toSeconds()));
    env.put(
        "RECONCILE_INTERVAL", reconcileInterval.isZero() ? "off" : reconcileInterval.toString());
    return env;
  }

  private record Variables(Map<String, String> env) {
    String get(String name, String fallback) {
      String value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    Duration duration(String name, String fallback) {
      String value = get(name, fallback);
      try {
        return Duration.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            name + " must be an ISO-8601 duration such as PT10M, was " + value, e);
      }
    }

    int integer(String name, int fallback) {
      String value = get(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number, was " + value, e);
      }
    }
  }
}
