package io.catalog.cli;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.StackEndpoints;
import io.catalog.localstack.StackProfile;

/**
 * Where the ops commands connect: the environment variables the API and workers read (DB_URL,
 * KAFKA_BOOTSTRAP, ES_URL, TEMPORAL_TARGET, …), defaulting to the local dev stack.
 */
record Settings(
    String dbUrl,
    String dbUser,
    String dbPassword,
    String kafkaBootstrap,
    String elasticsearchUrl,
    String temporalTarget,
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
        env("PLATFORM_NAME_PREFIX", ""));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
