package io.catalog.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackConfigTest {

  @TempDir Path root;

  private final Map<String, String> settings = new HashMap<>();

  private StackConfig resolve(StackProfile profile, Path workDir) {
    return StackConfig.resolve(profile, settings::get, workDir);
  }

  @Test
  void devAndTestUseTheDesignPortsAndSeparateFolders() throws IOException {
    Files.createFile(root.resolve("platform"));

    StackConfig dev = resolve(StackProfile.DEV, root);
    StackConfig test = resolve(StackProfile.TEST, root);

    assertThat(dev.ports()).isEqualTo(new StackPorts(5432, 9092, 9093, 9200, 9300, 7233, 8233));
    assertThat(test.ports())
        .isEqualTo(new StackPorts(15432, 19092, 19093, 19200, 19300, 17233, 18233));
    assertThat(dev.dataDir()).isEqualTo(root.resolve(".platform/dev"));
    assertThat(test.dataDir()).isEqualTo(root.resolve(".platform/test"));
    assertThat(test.toolsDir()).isEqualTo(root.resolve(".platform/tools"));
    assertThat(test.startupTimeout()).isEqualTo(Duration.ofSeconds(180));
    assertThat(dev.profile().durableCommits()).isTrue();
    assertThat(test.profile().durableCommits()).isFalse();
  }

  @Test
  void theClusterProfileListsEveryBrokerAndUsesPortsOfItsOwn() throws IOException {
    Files.createFile(root.resolve("platform"));

    StackConfig cluster = resolve(StackProfile.CLUSTER, root);

    assertThat(cluster.ports())
        .isEqualTo(new StackPorts(25432, 29092, 29095, 29200, 29300, 27233, 28233));
    assertThat(cluster.dataDir()).isEqualTo(root.resolve(".platform/cluster"));
    assertThat(cluster.endpoints().kafkaBootstrap())
        .isEqualTo("127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094");
    assertThat(cluster.endpoints().elasticsearchUrl())
        .isEqualTo("http://127.0.0.1:29200,http://127.0.0.1:29201,http://127.0.0.1:29202");
    assertThat(cluster.endpoints().elasticsearchBase()).isEqualTo("http://127.0.0.1:29200");
    assertThat(cluster.endpoints().temporalTarget()).isEqualTo("127.0.0.1:27233");
    assertThat(cluster.temporalUiUrl()).isEqualTo("http://127.0.0.1:28233");
    assertThat(cluster.profile().durableCommits()).isTrue();
  }

  @Test
  void theClusterStackRunsThreeBrokersThreeNodesAndTheTemporalServer() throws IOException {
    Files.createFile(root.resolve("platform"));

    LocalStack cluster = LocalStack.of(resolve(StackProfile.CLUSTER, root));
    LocalStack dev = LocalStack.of(resolve(StackProfile.DEV, root));

    assertThat(cluster.servers().stream().map(ManagedServer::name))
        .containsExactly(
            "postgres",
            "kafka-1",
            "kafka-2",
            "kafka-3",
            "elasticsearch-1",
            "elasticsearch-2",
            "elasticsearch-3",
            "temporal",
            "temporal-ui");
    assertThat(cluster.servers().stream().map(ManagedServer::port))
        .containsExactly(25432, 29092, 29093, 29094, 29200, 29201, 29202, 27233, 28233);
    assertThat(cluster.temporal()).isInstanceOf(TemporalClusterServer.class);
    assertThat(dev.servers().stream().map(ManagedServer::name))
        .containsExactly("postgres", "kafka", "elasticsearch", "temporal");
    assertThat(dev.temporal()).isInstanceOf(TemporalServer.class);
  }

  @Test
  void profileSpecificPortsWinOverGenericOnes() {
    settings.put("PLATFORM_HOME", root.toString());
    settings.put("PLATFORM_PG_PORT", "6543");
    settings.put("PLATFORM_TEST_PG_PORT", "16543");
    settings.put("PLATFORM_KAFKA_PORT", "29092");
    settings.put("PLATFORM_STARTUP_TIMEOUT", "30");

    StackConfig dev = resolve(StackProfile.DEV, root);
    StackConfig test = resolve(StackProfile.TEST, root);

    assertThat(dev.ports().postgres()).isEqualTo(6543);
    assertThat(test.ports().postgres()).isEqualTo(16543);
    assertThat(test.ports().kafka()).isEqualTo(29092);
    assertThat(test.endpoints().dbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:16543/platform");
    assertThat(test.endpoints().kafkaBootstrap()).isEqualTo("127.0.0.1:29092");
    assertThat(test.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void findsTheRootFromAModuleFolderByTheTopPom() throws IOException {
    Files.writeString(root.resolve("pom.xml"), "<modules><module>local-stack</module></modules>");
    Path module = Files.createDirectories(root.resolve("api-service/src"));

    assertThat(resolve(StackProfile.TEST, module).root()).isEqualTo(root);
  }

  @Test
  void rejectsAPortOutOfRange() {
    settings.put("PLATFORM_HOME", root.toString());
    settings.put("PLATFORM_ES_PORT", "70000");

    assertThatThrownBy(() -> resolve(StackProfile.TEST, root))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PLATFORM_ES_PORT");
  }

  @Test
  void profilesParseFromTheCommandLine() {
    assertThat(StackProfile.parse("dev")).isEqualTo(StackProfile.DEV);
    assertThat(StackProfile.parse("TEST")).isEqualTo(StackProfile.TEST);
    assertThat(StackProfile.parse("cluster")).isEqualTo(StackProfile.CLUSTER);
    assertThatThrownBy(() -> StackProfile.parse("prod")).hasMessageContaining("prod");
  }
}
