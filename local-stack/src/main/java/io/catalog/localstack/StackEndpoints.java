package io.catalog.localstack;

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
}
