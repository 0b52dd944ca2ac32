package io.catalog.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaPropertiesTest {

  @TempDir Path root;

  private StackConfig config(StackProfile profile) {
    return StackConfig.resolve(profile, Map.of("PLATFORM_HOME", root.toString())::get, root);
  }

  private static Map<String, String> parse(String properties) {
    Map<String, String> values = new HashMap<>();
    for (String line : properties.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] pair = line.split("=", 2);
        values.put(pair[0], pair[1]);
      }
    }
    return values;
  }

  @Test
  void aClusterBrokerIsOneVoterOfThreeAndKeepsThreeReplicas() {
    Map<String, String> broker =
        parse(KafkaProperties.render(config(StackProfile.CLUSTER), 2, root.resolve("data")));

    assertThat(broker)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "2")
        .containsEntry(
            "controller.quorum.voters", "1@127.0.0.1:29095,2@127.0.0.1:29096,3@127.0.0.1:29097")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:29093,CONTROLLER://127.0.0.1:29096")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:29093")
        .containsEntry("log.dirs", root.resolve("data").toString())
        .containsEntry("default.replication.factor", "3")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("auto.create.topics.enable", "false");
  }

  @Test
  void theSingleBrokerOfTheDevStackIsUnchanged() {
    Map<String, String> broker =
        parse(KafkaProperties.render(config(StackProfile.DEV), 1, root.resolve("data")));

    assertThat(broker)
        .containsEntry("node.id", "1")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .containsEntry("default.replication.factor", "1")
        .containsEntry("min.insync.replicas", "1")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("num.partitions", "3");
  }

  @Test
  void everyBrokerOfAProfileFormatsWithOneClusterId() throws IOException {
    String first = KafkaClusterId.of(root);
    String second = KafkaClusterId.of(root);

    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(root.resolve("kafka-cluster-id")).strip()).isEqualTo(first);
    assertThat(first).hasSize(22).doesNotStartWith("-");
    assertThat(Base64.getUrlDecoder().decode(first)).hasSize(16);
  }
}
