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
 * A single-node KRaft Kafka (broker and controller in one JVM of its own), from the jars in {@code
 * .platform/tools/kafka-<version>/libs}. Topics are never auto-created: the application creates
 * them, by design (docs/architecture.md, "Kafka").
 */
public final class KafkaServer extends AbstractServer {

  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

  private final KafkaTools tools;

  KafkaServer(StackConfig config) {
    super(config, "kafka", config.ports().kafka(), "KAFKA_PORT");
    this.tools = new KafkaTools(config);
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
    String classpath = tools.libs().resolve("*").toString();
    Path properties = dir.resolve("server.properties");
    Path log4j = dir.resolve("log4j2.xml");
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(properties, serverProperties(), StandardCharsets.UTF_8);
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

  private void formatStorage(List<String> java, String classpath, Path properties) {
    List<String> tool = new ArrayList<>(java);
    tool.addAll(List.of("-cp", classpath, "kafka.tools.StorageTool"));
    List<String> uuidCommand = new ArrayList<>(tool);
    uuidCommand.add("random-uuid");
    Processes.Result uuid = Processes.run(uuidCommand, TOOL_TIMEOUT);
    String[] lines = uuid.output().strip().split("\n");
    String clusterId = lines[lines.length - 1].strip();
    if (!uuid.ok() || clusterId.isEmpty()) {
      throw new LocalStackException(
          "kafka: StorageTool random-uuid failed: " + uuid.output().strip());
    }
    List<String> formatCommand = new ArrayList<>(tool);
    formatCommand.addAll(List.of("format", "-t", clusterId, "-c", properties.toString()));
    Processes.Result format = Processes.run(formatCommand, TOOL_TIMEOUT);
    if (!format.ok()) {
      throw new LocalStackException("kafka: StorageTool format failed: " + format.output().strip());
    }
    log.info("formatted Kafka storage {} (cluster id {})", logDirectory(), clusterId);
  }

  private String serverProperties() {
    String host = StackConfig.HOST;
    int controller = config.ports().kafkaController();
    return String.join(
        "\n",
        "# Written by local-stack on every start; edits are lost.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@" + host + ":" + controller,
        "listeners=PLAINTEXT://" + host + ":" + port() + ",CONTROLLER://" + host + ":" + controller,
        "advertised.listeners=PLAINTEXT://" + host + ":" + port(),
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + logDirectory(),
        "num.partitions=3",
        "default.replication.factor=1",
        "min.insync.replicas=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "# Topics are created by application code (docs/architecture.md, Kafka), never implicitly.",
        "auto.create.topics.enable=false",
        "# One broker: no reason to wait for more group members before the first rebalance.",
        "group.initial.rebalance.delay.ms=0",
        "");
  }
}
