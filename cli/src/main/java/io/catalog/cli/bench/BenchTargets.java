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
}
