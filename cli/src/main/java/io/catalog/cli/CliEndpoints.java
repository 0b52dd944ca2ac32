package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.localstack.LocalStack;
import io.catalog.localstack.StackProfile;
import io.catalog.workers.WorkersConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the ops commands connect: the variables the API and the workers read ({@link Endpoints}), a
 * system property before the environment variable of the same name (tests set those), and the local
 * dev stack for whatever is unset.
 */
final class CliEndpoints {
  private CliEndpoints() {}

  static Endpoints fromEnv() {
    return Endpoints.fromEnv(
        name -> variable(name, null), LocalStack.of(StackProfile.DEV).endpoints());
  }

  /**
   * The worker-process settings for the same endpoints (process-outbox publishes like a worker).
   */
  static WorkersConfig workersConfig(Endpoints endpoints) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(endpoints.toEnv());
    return WorkersConfig.fromEnv(env);
  }

  /** A system property wins over the environment variable of the same name. */
  static String variable(String name, String fallback) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? fallback : value;
  }
}
