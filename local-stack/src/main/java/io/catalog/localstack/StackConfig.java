package io.catalog.localstack;

import io.catalog.domain.config.Endpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A profile resolved against the environment: project root, ports and timeouts.
 *
 * <p>Every setting is read from a system property or, failing that, an environment variable of the
 * same name. A port key such as {@code PG_PORT} is looked up first as {@code PLATFORM_TEST_PG_PORT}
 * / {@code PLATFORM_DEV_PG_PORT} / {@code PLATFORM_CLUSTER_PG_PORT} (one profile only), then as
 * {@code PLATFORM_PG_PORT} (whichever profile is in use). In the cluster profile a Kafka or
 * Elasticsearch port is that of the first node; node {@code n} uses it plus {@code n - 1}. Keys:
 * {@code PG_PORT}, {@code KAFKA_PORT}, {@code KAFKA_CONTROLLER_PORT}, {@code ES_PORT}, {@code
 * ES_TRANSPORT_PORT}, {@code TEMPORAL_PORT}, {@code TEMPORAL_UI_PORT}. {@code PLATFORM_HOME} names
 * the project root (default: the nearest folder at or above the working directory holding the
 * {@code platform} script or the top {@code pom.xml}); {@code PLATFORM_STARTUP_TIMEOUT} the seconds
 * each server may take to become ready (default 180).
 *
 * @param profile dev, test or cluster
 * @param root the project root; data lives in {@code <root>/.platform/<profile>}
 * @param ports the resolved ports
 * @param startupTimeout how long one server may take to become ready
 */
public record StackConfig(
    StackProfile profile, Path root, StackPorts ports, Duration startupTimeout) {

  /** Every server listens on loopback only. */
  static final String HOST = "127.0.0.1";

  /** The database, its user and password on the stack's Postgres. */
  static final String DATABASE = "platform";

  private static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(180);

  /** Resolves {@code profile} against system properties, the environment and the working dir. */
  public static StackConfig resolve(StackProfile profile) {
    return resolve(profile, StackConfig::systemSetting, Path.of(System.getProperty("user.dir")));
  }

  static StackConfig resolve(StackProfile profile, UnaryOperator<String> settings, Path workDir) {
    StackPorts defaults = profile.defaultPorts();
    StackPorts ports =
        new StackPorts(
            port(settings, profile, "PG_PORT", defaults.postgres()),
            port(settings, profile, "KAFKA_PORT", defaults.kafka()),
            port(settings, profile, "KAFKA_CONTROLLER_PORT", defaults.kafkaController()),
            port(settings, profile, "ES_PORT", defaults.elasticsearch()),
            port(settings, profile, "ES_TRANSPORT_PORT", defaults.elasticsearchTransport()),
            port(settings, profile, "TEMPORAL_PORT", defaults.temporal()),
            port(settings, profile, "TEMPORAL_UI_PORT", defaults.temporalUi()));
    String timeout = settings.apply("PLATFORM_STARTUP_TIMEOUT");
    Duration startupTimeout =
        timeout == null
            ? DEFAULT_STARTUP_TIMEOUT
            : Duration.ofSeconds(parseInt("PLATFORM_STARTUP_TIMEOUT", timeout));
    return new StackConfig(profile, findRoot(settings, workDir), ports, startupTimeout);
  }

  /** {@code <root>/.platform/<profile>}: pid files, logs and the servers' data. */
  public Path dataDir() {
    return root.resolve(".platform").resolve(profile.id());
  }

  /** {@code <root>/.platform/tools}: installed binaries shared by all profiles. */
  public Path toolsDir() {
    return root.resolve(".platform").resolve("tools");
  }

  /** The {@code local-stack} module folder, whose {@code target/} holds the built libraries. */
  public Path moduleDir() {
    return root.resolve("local-stack");
  }

  /**
   * Where the stack's servers answer, for the applications and tests that use it. The Kafka
   * bootstrap lists every broker, so a client starts even while one is down; the Elasticsearch URL
   * lists every node too, so the clients fail over when one is down.
   */
  public Endpoints endpoints() {
    List<String> brokers = new ArrayList<>();
    for (int node = 1; node <= profile.kafkaBrokers(); node++) {
      brokers.add(HOST + ":" + kafkaPort(node));
    }
    List<String> esNodes = new ArrayList<>();
    for (int node = 1; node <= profile.elasticsearchNodes(); node++) {
      esNodes.add("http://" + HOST + ":" + elasticsearchPort(node));
    }
    return new Endpoints(
        "jdbc:postgresql://" + HOST + ":" + ports.postgres() + "/" + DATABASE,
        DATABASE,
        DATABASE,
        String.join(",", brokers),
        String.join(",", esNodes),
        HOST + ":" + ports.temporal(),
        "default",
        "");
  }

  /** The client port of Kafka broker {@code node} (1-based). */
  int kafkaPort(int node) {
    return ports.kafka() + node - 1;
  }

  /** The KRaft controller port of Kafka broker {@code node} (1-based). */
  int kafkaControllerPort(int node) {
    return ports.kafkaController() + node - 1;
  }

  /** The HTTP port of Elasticsearch node {@code node} (1-based). */
  int elasticsearchPort(int node) {
    return ports.elasticsearch() + node - 1;
  }

  /** The transport port of Elasticsearch node {@code node} (1-based). */
  int elasticsearchTransportPort(int node) {
    return ports.elasticsearchTransport() + node - 1;
  }

  /** The Temporal Web UI, e.g. {@code http://127.0.0.1:18233}. */
  public String temporalUiUrl() {
    return "http://" + HOST + ":" + ports.temporalUi();
  }

  static String systemSetting(String name) {
    String value = System.getProperty(name);
    return value != null && !value.isBlank() ? value : blankToNull(System.getenv(name));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static int port(
      UnaryOperator<String> settings, StackProfile profile, String key, int fallback) {
    String specific = "PLATFORM_" + profile.name().toUpperCase(Locale.ROOT) + "_" + key;
    String generic = "PLATFORM_" + key;
    String value = settings.apply(specific);
    String name = specific;
    if (value == null) {
      value = settings.apply(generic);
      name = generic;
    }
    if (value == null) {
      return fallback;
    }
    int port = parseInt(name, value);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + "=" + value + " is not a TCP port");
    }
    return port;
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + value + " is not a number", e);
    }
  }

  private static Path findRoot(UnaryOperator<String> settings, Path workDir) {
    String home = settings.apply("PLATFORM_HOME");
    if (home != null) {
      return Path.of(home).toAbsolutePath().normalize();
    }
    for (Path dir = workDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (isProjectRoot(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the project root above " + workDir + "; set PLATFORM_HOME");
  }

  private static boolean isProjectRoot(Path dir) {
    if (Files.isRegularFile(dir.resolve("platform"))) {
      return true;
    }
    Path pom = dir.resolve("pom.xml");
    if (!Files.isRegularFile(pom)) {
      return false;
    }
    try {
      return Files.readString(pom, StandardCharsets.UTF_8).contains("<module>local-stack</module>");
    } catch (IOException e) {
      return false;
    }
  }
}
