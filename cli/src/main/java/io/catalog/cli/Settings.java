package io.catalog.cli;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.StackEndpoints;
import io.catalog.localstack.StackProfile;

/**
 * Where the ops commands connect: the environment variables the API and workers read (DB_URL,
 * DB_USER, DB_PASSWORD, KAFKA_BOOTSTRAP, ES_URL, TEMPORAL_TARGET, PLATFORM_NAME_PREFIX), defaulting
 * to the local dev stack.
 */
record Settings(
    String dbUrl,
    String dbUser,
    String dbPassword,
    String kafkaBootstrap,
    String elasticsearchUrl,
    String temporalTarget,
    String temporalNamespace,
    String namePrefix) {

  static Settings fromEnv() {
    StackEndpoints dev = LocalStack.of(StackProfile.DEV).endpoints();
    return new Settings(
        env("DB_URL", dev.jdbcUrl()),
        env("DB_USER", dev.dbUser()),
        env("DB_PASSWORD", dev.dbPassword()),
        env("KAFKA_BOOTSTRAP", dev.kafkaBootstrap()),
        env("ES_URL", dev.elasticsearchUrl()),
        env("TEMPORAL_TARGET", dev.temporalTarget()),
        env("TEMPORAL_NAMESPACE", "default"),
        env("PLATFORM_NAME_PREFIX", ""));
  }

  /**
   * The worker-process settings for the same endpoints (process-outbox publishes like a worker).
   */
  io.catalog.workers.WorkersConfig workersConfig() {
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("DB_URL", dbUrl);
    env.put("DB_USER", dbUser);
    env.put("DB_PASSWORD", dbPassword);
    env.put("KAFKA_BOOTSTRAP", kafkaBootstrap);
    env.put("ES_URL", elasticsearchUrl);
    env.put("TEMPORAL_TARGET", temporalTarget);
    env.put("TEMPORAL_NAMESPACE", temporalNamespace);
    env.put("PLATFORM_NAME_PREFIX", namePrefix);
    return io.catalog.workers.WorkersConfig.fromEnv(env);
  }

  /** A system property wins over the environment variable of the same name (tests set those). */
  static String env(String name, String fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? fallback : value;
  }
}
