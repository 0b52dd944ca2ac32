package io.catalog.cli.bench;

/**
 * Where the bench connects: the running platform (API, Postgres, Kafka, Elasticsearch, Temporal)
 * and the name prefix the platform runs with (empty on the dev stack).
 */
public record BenchTargets(
    String apiUrl,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String kafkaBootstrap,
    String elasticsearchUrl,
    String temporalTarget,
    String temporalNamespace,
    String namePrefix) {

  public String elasticsearchBase() {
    return elasticsearchUrl.replaceAll("/+$", "");
  }

  public String apiBase() {
    return apiUrl.replaceAll("/+$", "");
  }

  /**
   * The same server with another database: {@code jdbc:postgresql://h:p/platform?x} → {@code
   * …/name?x}.
   */
  public String dbUrlFor(String database) {
    int query = dbUrl.indexOf('?');
    String base = query < 0 ? dbUrl : dbUrl.substring(0, query);
    String params = query < 0 ? "" : dbUrl.substring(query);
    return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
  }
}
