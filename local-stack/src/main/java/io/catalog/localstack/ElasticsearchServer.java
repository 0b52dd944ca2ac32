package io.catalog.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A single-node Elasticsearch from the integ-test zip, unpacked into {@code .platform/tools}. It
 * needs Java 21+ ({@link ElasticsearchTools#javaHome()}) and refuses to run as root, so as root it
 * runs in a user namespace that maps root to uid 1000 ({@code unshare --map-user}); its files stay
 * root-owned outside. Its configuration lives in the profile's folder ({@code ES_PATH_CONF}), so
 * one unpacked distribution serves both profiles.
 */
public final class ElasticsearchServer extends AbstractServer {

  private static final String HEAP = "-Xms512m -Xmx512m";

  private final ElasticsearchTools tools;

  ElasticsearchServer(StackConfig config) {
    super(config, "elasticsearch", config.ports().elasticsearch(), "ES_PORT");
    this.tools = new ElasticsearchTools(config);
  }

  /** {@code GET /_cluster/health} answers yellow or green. */
  @Override
  public boolean isUp() {
    return Probes.elasticsearch(port());
  }

  private String clusterName() {
    return "platform-" + config.profile().id();
  }

  @Override
  public Path logFile() {
    return dir.resolve("logs").resolve(clusterName() + ".log");
  }

  private Path launcherLog() {
    return dir.resolve("elasticsearch-launcher.log");
  }

  @Override
  protected List<Path> diagnosticFiles() {
    return List.of(logFile(), launcherLog());
  }

  /** Written by Elasticsearch itself ({@code -p}): the server JVM, not the launcher. */
  @Override
  Path pidFile() {
    return dir.resolve("elasticsearch.pid");
  }

  @Override
  protected boolean launcherDaemonizes() {
    return true;
  }

  @Override
  protected Process launch() throws IOException {
    Path home = tools.home();
    Path javaHome = ElasticsearchTools.javaHome();
    Path conf = dir.resolve("config");
    if (!Files.exists(conf.resolve("jvm.options"))) {
      ToolFiles.copyTree(home.resolve("config"), conf);
    }
    Files.writeString(conf.resolve("elasticsearch.yml"), settings(), StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("logs"));
    Files.deleteIfExists(pidFile());
    List<String> command = new ArrayList<>();
    if (Processes.isRoot()) {
      command.addAll(List.of("unshare", "-U", "--map-user=1000", "--map-group=1000"));
    }
    command.addAll(
        List.of(home.resolve("bin/elasticsearch").toString(), "-d", "-p", pidFile().toString()));
    Map<String, String> env =
        Map.of(
            "ES_JAVA_HOME",
            javaHome.toString(),
            "ES_PATH_CONF",
            conf.toString(),
            "ES_JAVA_OPTS",
            HEAP);
    log.info("elasticsearch runs on the JDK in {}", javaHome);
    return Processes.startDetached(command, dir, env, launcherLog());
  }

  private String settings() {
    return String.join(
        "\n",
        "# Written by local-stack on every start; edits are lost.",
        "cluster.name: " + clusterName(),
        "node.name: " + clusterName(),
        "path.data: " + dir.resolve("data"),
        "path.logs: " + dir.resolve("logs"),
        "network.host: " + StackConfig.HOST,
        "http.port: " + port(),
        "transport.port: " + config.ports().elasticsearchTransport(),
        "discovery.type: single-node",
        "xpack.security.enabled: false",
        "# A developer's full-ish disk must not turn indices read-only.",
        "cluster.routing.allocation.disk.threshold_enabled: false",
        "# One node with many small indices: recover them all at once after a crash, not 4 at a time.",
        "cluster.routing.allocation.node_initial_primaries_recoveries: 32",
        "");
  }
}
