package io.catalog.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a running stack answers; what application code and tests connect to.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:15432/platform}
 * @param dbUser database user ({@code platform})
 * @param dbPassword database password ({@code platform})
 * @param kafkaBootstrap e.g. {@code 127.0.0.1:19092}
 * @param elasticsearchUrl e.g. {@code http://127.0.0.1:19200}
 * @param temporalTarget gRPC target, e.g. {@code 127.0.0.1:17233}
 * @param temporalUiUrl e.g. {@code http://127.0.0.1:18233}
 */
public record StackEndpoints(
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    String kafkaBootstrap,
    String elasticsearchUrl,
    String temporalTarget,
    String temporalUiUrl) {

  static final String HOST = "127.0.0.1";
  static final String DATABASE = "platform";

  static StackEndpoints of(StackPorts ports) {
    return new StackEndpoints(
        "jdbc:postgresql://" + HOST + ":" + ports.postgres() + "/" + DATABASE,
        DATABASE,
        DATABASE,
        HOST + ":" + ports.kafka(),
        "http://" + HOST + ":" + ports.elasticsearch(),
        HOST + ":" + ports.temporal(),
        "http://" + HOST + ":" + ports.temporalUi());
  }

  /** The same servers, with database {@code database} on the same Postgres. */
  public StackEndpoints withDatabase(String database) {
    String url = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + database;
    return new StackEndpoints(
        url, dbUser, dbPassword, kafkaBootstrap, elasticsearchUrl, temporalTarget, temporalUiUrl);
  }

  /**
   * The environment the API and the workers read to connect here: DB_URL, DB_USER, DB_PASSWORD,
   * KAFKA_BOOTSTRAP, ES_URL, TEMPORAL_TARGET (a new, modifiable map).
   */
  public Map<String, String> appEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DB_URL", jdbcUrl);
    env.put("DB_USER", dbUser);
    env.put("DB_PASSWORD", dbPassword);
    env.put("KAFKA_BOOTSTRAP", kafkaBootstrap);
    env.put("ES_URL", elasticsearchUrl);
    env.put("TEMPORAL_TARGET", temporalTarget);
    return env;
  }
}
