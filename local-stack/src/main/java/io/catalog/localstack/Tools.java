package io.catalog.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the servers' tools share: the versions this module was built with and the running JVM's java
 * launcher. Each server finds, and installs into {@code <root>/.platform/tools} on first use, what
 * it runs from: {@link ElasticsearchTools} the Elasticsearch distribution and a JDK 21+ for it,
 * {@link KafkaTools} the Kafka jars, {@link TemporalTools} the Temporal CLI, {@link PostgresTools}
 * the classpath of {@link PostgresServerMain}; {@link ToolFiles} does the file work.
 *
 * <p>The jars and the zip come from this module's build ({@code local-stack/target/kafka-lib},
 * {@code target/stack-lib}, {@code target/es-dist}). They are copied out of {@code target/} because
 * {@code mvn clean} must not pull the files from under a running server.
 */
final class Tools {

  private static final Properties VERSIONS = loadVersions();

  private Tools() {}

  static String version(String key) {
    String value = VERSIONS.getProperty(key);
    if (value == null || value.startsWith("${")) {
      throw new IllegalStateException("versions.properties lacks " + key + "; rebuild local-stack");
    }
    return value;
  }

  /** The java launcher of the running JVM (Java 17+), used for Kafka and PostgresServerMain. */
  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Properties loadVersions() {
    Properties properties = new Properties();
    try (InputStream in = Tools.class.getResourceAsStream("versions.properties")) {
      if (in != null) {
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
