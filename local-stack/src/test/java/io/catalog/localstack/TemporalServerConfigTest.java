package io.catalog.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalServerConfigTest {

  @TempDir Path root;

  private StackConfig config() {
    return StackConfig.resolve(
        StackProfile.CLUSTER, Map.of("PLATFORM_HOME", root.toString())::get, root);
  }

  @Test
  void theServerKeepsItsStoresOnTheStacksPostgres() {
    String yaml = TemporalServerConfig.render(config());

    assertThat(yaml)
        .contains("  numHistoryShards: 4\n")
        .contains("  defaultStore: default\n")
        .contains("  visibilityStore: visibility\n")
        .contains("        pluginName: postgres12\n")
        .contains("        databaseName: temporal\n")
        .contains("        databaseName: temporal_visibility\n")
        .contains("        connectAddr: \"127.0.0.1:25432\"\n")
        .contains("        user: temporal\n");
  }

  @Test
  void itsServicesListenOnLoopbackBesideTheFrontend() {
    String yaml = TemporalServerConfig.render(config());

    assertThat(yaml)
        .contains("  frontend:\n    rpc:\n      grpcPort: 27233\n      membershipPort: 26933\n")
        .contains("      httpPort: 27243\n")
        .contains("  history:\n    rpc:\n      grpcPort: 27234\n      membershipPort: 26934\n")
        .contains("  matching:\n    rpc:\n      grpcPort: 27235\n      membershipPort: 26935\n")
        .contains("  worker:\n    rpc:\n      grpcPort: 27239\n      membershipPort: 26939\n")
        .contains("      bindOnLocalHost: true\n")
        .contains("      rpcAddress: 127.0.0.1:27233\n")
        .contains("  currentClusterName: active\n");
  }

  @Test
  void theWebUiTalksToTheFrontend() {
    String yaml = TemporalUiServer.settings(config());

    assertThat(yaml)
        .contains("temporalGrpcAddress: 127.0.0.1:27233\n")
        .contains("host: 127.0.0.1\n")
        .contains("port: 28233\n")
        .contains("defaultNamespace: default\n");
  }
}
