package io.catalog.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One KRaft Kafka node (broker and controller in one JVM of its own), from the jars in {@code
 * .platform/tools/kafka-<version>/libs}: the only one of the dev and test profiles ({@code kafka}),
 * or one of the cluster profile's three ({@code kafka-1} to {@code kafka-3}, see {@link
 * KafkaProperties}). Topics are never auto-created: the application creates them, by design
 * (docs/architecture.md, "Kafka").
 */
public final class KafkaServer extends AbstractServer {

  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

  private final int node;

  /** Broker {@code node} (1-based) of {@code config}'s profile. */
  KafkaServer(StackConfig config, int node) {
    super(
        config,
        config.profile().clustered() ? "kafka-" + node : "kafka",
        config.kafkaPort(node),
        "KAFKA_PORT");
    this.node = node;
  }

  /** Its {@code node.id}, 1-based. */
  public int nodeId() {
    return node;
  }

  /** The broker answers a Kafka ApiVersions request (it does so only once it is unfenced). */
  @Override
  public boolean isUp() {
    return Probes.kafka(port());
  }

  /** The broker's log4j2 log, {@code kafka/logs/server.log}. */
  @Override
  public Path logFile() {
    return dir.resolve("logs").resolve("server.log");
  }

  private Path consoleLog() {
    return dir.resolve("kafka-console.log");
  }

  @Override
  protected List<Path> diagnosticFiles() {
    return List.of(logFile(), consoleLog());
  }

  /** The broker's log.dirs; kept across restarts. */
  public Path logDirectory() {
    return dir.resolve("data");
  }

  @Override
  protected Process launch() throws IOException {
    String classpath = KafkaTools.libs(config).resolve("*").toString();
    Path properties = dir.resolve("server.properties");
    Path log4j = dir.resolve("log4j2.xml");
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(
        properties, KafkaProperties.render(config, node, logDirectory()), StandardCharsets.UTF_8);
    try (InputStream in = KafkaServer.class.getResourceAsStream("kafka-log4j2.xml")) {
      Files.copy(in, log4j, StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> java =
        new ArrayList<>(
            List.of(
                Tools.javaBinary(),
                "-Djava.awt.headless=true",
                "-Dkafka.logs.dir=" + dir.resolve("logs"),
                "-Dlog4j2.configurationFile=" + log4j));
    if (!Files.exists(logDirectory().resolve("meta.properties"))) {
      formatStorage(java, classpath, properties);
    }
    List<String> command = new ArrayList<>(java);
    command.addAll(
        List.of(
            "-Xms512m",
            "-Xmx512m",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            classpath,
            "kafka.Kafka",
            properties.toString()));
    Process process = Processes.startDetached(command, dir, Map.of(), consoleLog());
    Processes.writePid(pidFile(), process.pid());
    return process;
  }

  private void formatStorage(List<String> java, String classpath, Path properties)
      throws IOException {
    String clusterId = KafkaClusterId.of(config.dataDir());
    List<String> format = new ArrayList<>(java);
    format.addAll(
        List.of(
            "-cp",
            classpath,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            clusterId,
            "-c",
            properties.toString()));
    Processes.Result result = Processes.run(format, TOOL_TIMEOUT);
    if (!result.ok()) {
      throw new LocalStackException(
          name() + ": StorageTool format failed: " + result.output().strip());
    }
    log.info("formatted Kafka storage {} (cluster id {})", logDirectory(), clusterId);
  }
}
