package io.catalog.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link KafkaServer} runs from: the Kafka jars of this module's build ({@code
 * target/kafka-lib}), installed into {@code .platform/tools}.
 */
final class KafkaTools {
  private static final Logger LOG = LoggerFactory.getLogger(Tools.class);

  private KafkaTools() {}

  /**
   * {@code .platform/tools/kafka-<version>/libs}, refreshed from {@code target/kafka-lib} when the
   * build's jar set differs. Replacing a jar unlinks the old file, so a broker of the other profile
   * that runs from here keeps its open copies. One call at a time: the cluster profile's brokers
   * start in parallel and would each copy the same jars.
   */
  static synchronized Path libs(StackConfig config) throws IOException {
    String version = Tools.version("kafka.version");
    String brokerJar = "kafka_2.13-" + version + ".jar";
    Path libs = config.toolsDir().resolve("kafka-" + version).resolve("libs");
    Path built = config.moduleDir().resolve("target/kafka-lib");
    if (Files.isRegularFile(built.resolve(brokerJar))
        && !ToolFiles.jarNames(built).equals(ToolFiles.jarNames(libs))) {
      LOG.info("installing Kafka {} jars into {}", version, libs);
      ToolFiles.mirror(built, libs);
    }
    if (!Files.isRegularFile(libs.resolve(brokerJar))) {
      throw new LocalStackException(
          "Kafka jars not found in "
              + built
              + " nor "
              + libs
              + "; build them with: mvn -pl local-stack -am package -DskipTests");
    }
    return libs;
  }
}
