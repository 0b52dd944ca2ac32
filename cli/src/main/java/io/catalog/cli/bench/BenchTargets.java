package io.catalog.cli.bench;

import io.catalog.domain.config.Endpoints;

/**
 * Where the bench connects: the running platform's API and the endpoints (Postgres, Kafka,
 * Elasticsearch, Temporal, name prefix) it runs with.
 */
public record BenchTargets(String apiUrl, Endpoints endpoints) {

  public String apiBase() {
    return apiUrl.replaceAll("/+$", "");
  }

  public String elasticsearchBase() {
    return endpoints.elasticsearchBase();
  }

  public String dbUrl() {
    return endpoints.dbUrl();
  }

  public String dbUser() {
    return endpoints.dbUser();
  }

  public String dbPassword() {
    return endpoints.dbPassword();
  }

  public String kafkaBootstrap() {
    return endpoints.kafkaBootstrap();
  }

  public String elasticsearchUrl() {
    return endpoints.elasticsearchUrl();
  }

  public String temporalTarget() {
    return endpoints.temporalTarget();
  }

  public String namePrefix() {
    return endpoints.namePrefix();
  }

  /** The same server with another database, its URL parameters kept. */
  public String dbUrlFor(String database) {
    return endpoints.jdbcUrlFor(database);
  }
}
