package io.catalog.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticsearchSettingsTest {

  @TempDir Path root;

  private StackConfig config(StackProfile profile) {
    return StackConfig.resolve(profile, Map.of("PLATFORM_HOME", root.toString())::get, root);
  }

  @Test
  void aClusterNodeFindsTheOtherTwoAndBootstrapsOnlyOnItsFirstStart() {
    Path dir = root.resolve("elasticsearch-3");

    String first = ElasticsearchSettings.render(config(StackProfile.CLUSTER), 3, dir, true);
    String later = ElasticsearchSettings.render(config(StackProfile.CLUSTER), 3, dir, false);

    assertThat(first)
        .contains("cluster.name: platform-cluster\n")
        .contains("node.name: platform-cluster-3\n")
        .contains("http.port: 29202\n")
        .contains("transport.port: 29302\n")
        .contains("path.data: " + dir.resolve("data") + "\n")
        .contains("discovery.seed_hosts: [127.0.0.1:29300, 127.0.0.1:29301, 127.0.0.1:29302]\n")
        .contains(
            "cluster.initial_master_nodes:"
                + " [platform-cluster-1, platform-cluster-2, platform-cluster-3]\n")
        .doesNotContain("discovery.type");
    assertThat(later)
        .contains("discovery.seed_hosts: [127.0.0.1:29300, 127.0.0.1:29301, 127.0.0.1:29302]\n")
        .doesNotContain("cluster.initial_master_nodes");
  }

  @Test
  void theTestStackIsOneSingleNode() {
    String settings =
        ElasticsearchSettings.render(config(StackProfile.TEST), 1, root.resolve("es"), true);

    assertThat(settings)
        .contains("node.name: platform-test\n")
        .contains("http.port: 19200\n")
        .contains("transport.port: 19300\n")
        .contains("discovery.type: single-node\n")
        .doesNotContain("seed_hosts")
        .doesNotContain("initial_master_nodes");
  }
}
