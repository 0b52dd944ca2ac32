package io.catalog.domain.config;

import io.catalog.domain.naming.PlatformNames;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the platform's servers answer and which names it runs under: the one connection type of the
 * API, the workers, the CLI, the bench, the local stack and the tests. It reads and writes the
 * environment variables of docs/architecture.md ("Configuration"), so a child process gets exactly
 * what its parent connects to.
 *
 * <pre>{@code
 * Endpoints e = Endpoints.fromEnv(System.getenv());          // defaults: a local install
 * Endpoints it = e.withDatabase("it_0123abcd");              // same server, another database
 * new ProcessBuilder(...).environment().putAll(it.toEnv());  // and back to variables
 * }</pre>
 *
 * @param dbUrl JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/platform}; may carry {@code
 *     ?parameters}
 * @param kafkaBootstrap e.g. {@code 127.0.0.1:9092}
 * @param elasticsearchUrl e.g. {@code http://127.0.0.1:9200}; a cluster's nodes separated by commas
 *     ({@code http://es-1:9200,http://es-2:9200}), between which the clients fail over
 * @param temporalTarget gRPC target, e.g. {@code 127.0.0.1:7233}
 * @param namePrefix prefix of topics, task queues, workflow ids and indices ("" in production;
 *     tests and benches isolate themselves with one)
 */
public record Endpoints(
    String dbUrl,
    String dbUser,
    String dbPassword,
    String kafkaBootstrap,
    String elasticsearchUrl,
    String temporalTarget,
    String temporalNamespace,
    String namePrefix) {

  public static final String DB_URL = "DB_URL";
  public static final String DB_USER = "DB_USER";
  public static final String DB_PASSWORD = "DB_PASSWORD";
  public static final String KAFKA_BOOTSTRAP = "KAFKA_BOOTSTRAP";
  public static final String ES_URL = "ES_URL";
  public static final String TEMPORAL_TARGET = "TEMPORAL_TARGET";
  public static final String TEMPORAL_NAMESPACE = "TEMPORAL_NAMESPACE";
  public static final String PLATFORM_NAME_PREFIX = "PLATFORM_NAME_PREFIX";

  /** A local install on the servers' default ports. */
  public static final Endpoints DEFAULTS =
      new Endpoints(
          "jdbc:postgresql://127.0.0.1:5432/platform",
          "platform",
          "platform",
          "127.0.0.1:9092",
          "http://127.0.0.1:9200",
          "127.0.0.1:7233",
          "default",
          "");

  public Endpoints {
    require(dbUrl, DB_URL);
    require(dbUser, DB_USER);
    require(dbPassword, DB_PASSWORD);
    require(kafkaBootstrap, KAFKA_BOOTSTRAP);
    require(elasticsearchUrl, ES_URL);
    require(temporalTarget, TEMPORAL_TARGET);
    require(temporalNamespace, TEMPORAL_NAMESPACE);
    require(namePrefix, PLATFORM_NAME_PREFIX);
  }

  /** From environment variables; a variable that is unset or blank keeps {@link #DEFAULTS}. */
  public static Endpoints fromEnv(Map<String, String> env) {
    return fromEnv(env::get, DEFAULTS);
  }

  /**
   * From any source of variables ({@code lookup} answers null for an unset one), over {@code
   * defaults}: e.g. system properties before the environment, over the dev stack's endpoints.
   */
  public static Endpoints fromEnv(Function<String, String> lookup, Endpoints defaults) {
    Function<String, String> read =
        name -> {
          String value = lookup.apply(name);
          return value == null || value.isBlank() ? null : value.trim();
        };
    return new Endpoints(
        or(read.apply(DB_URL), defaults.dbUrl),
        or(read.apply(DB_USER), defaults.dbUser),
        or(read.apply(DB_PASSWORD), defaults.dbPassword),
        or(read.apply(KAFKA_BOOTSTRAP), defaults.kafkaBootstrap),
        or(read.apply(ES_URL), defaults.elasticsearchUrl),
        or(read.apply(TEMPORAL_TARGET), defaults.temporalTarget),
        or(read.apply(TEMPORAL_NAMESPACE), defaults.temporalNamespace),
        // An empty prefix is a real value (production): only an unset variable keeps the default.
        Optional.ofNullable(lookup.apply(PLATFORM_NAME_PREFIX))
            .map(String::trim)
            .orElse(defaults.namePrefix));
  }

  /**
   * The variables {@link #fromEnv(Map)} reads back into these endpoints (a new, modifiable map).
   */
  public Map<String, String> toEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(DB_URL, dbUrl);
    env.put(DB_USER, dbUser);
    env.put(DB_PASSWORD, dbPassword);
    env.put(KAFKA_BOOTSTRAP, kafkaBootstrap);
    env.put(ES_URL, elasticsearchUrl);
    env.put(TEMPORAL_TARGET, temporalTarget);
    env.put(TEMPORAL_NAMESPACE, temporalNamespace);
    env.put(PLATFORM_NAME_PREFIX, namePrefix);
    return env;
  }

  /**
   * The same servers with database {@code database} on the same Postgres: {@code
   * jdbc:postgresql://h:p/platform?ssl=true} becomes {@code jdbc:postgresql://h:p/name?ssl=true}.
   */
  public Endpoints withDatabase(String database) {
    return with(jdbcUrlFor(database), namePrefix);
  }

  /** This server's JDBC URL for another database, its parameters kept. */
  public String jdbcUrlFor(String database) {
    int query = dbUrl.indexOf('?');
    String base = query < 0 ? dbUrl : dbUrl.substring(0, query);
    String params = query < 0 ? "" : dbUrl.substring(query);
    return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
  }

  public Endpoints withNamePrefix(String prefix) {
    return with(dbUrl, prefix);
  }

  /** These endpoints with another database URL and name prefix: the two things a slice changes. */
  private Endpoints with(String url, String prefix) {
    return new Endpoints(
        url,
        dbUser,
        dbPassword,
        kafkaBootstrap,
        elasticsearchUrl,
        temporalTarget,
        temporalNamespace,
        prefix);
  }

  /** The names (topics, task queues, workflow ids, alias) under {@link #namePrefix()}. */
  public PlatformNames names() {
    return PlatformNames.withPrefix(namePrefix);
  }

  /** Every node {@link #elasticsearchUrl()} names, in order, without trailing slashes. */
  public List<String> elasticsearchNodes() {
    return elasticsearchNodes(elasticsearchUrl);
  }

  /** The nodes of an {@code ES_URL} value: split at commas, blanks dropped, no trailing slashes. */
  public static List<String> elasticsearchNodes(String elasticsearchUrl) {
    return Arrays.stream(elasticsearchUrl.split(","))
        .map(String::strip)
        .filter(u -> !u.isEmpty())
        .map(u -> u.replaceAll("/+$", ""))
        .toList();
  }

  /**
   * The first node, to append paths to: for tools that talk to one node (a cluster routes a request
   * to whichever node holds the data). Clients of the platform fail over between all of {@link
   * #elasticsearchNodes()}.
   */
  public String elasticsearchBase() {
    return elasticsearchNodes().get(0);
  }

  private static void require(String value, String variable) {
    if (value == null) {
      throw new IllegalArgumentException(variable + " is missing");
    }
  }

  private static String or(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
