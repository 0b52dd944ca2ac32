package io.catalog.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Elasticsearch node from the integ-test zip, unpacked into {@code .platform/tools}: the only
 * one of the dev and test profiles ({@code elasticsearch}) or one of the cluster profile's three
 * ({@code elasticsearch-1} to {@code -3}, see {@link ElasticsearchSettings}). It needs Java 21+
 * ({@link ElasticsearchTools#javaHome()}) and refuses to run as root, so as root it runs in a user
 * namespace that maps root to uid 1000 ({@code unshare --map-user}); its files stay root-owned
 * outside. Its configuration lives in the node's folder ({@code ES_PATH_CONF}), so one unpacked
 * distribution serves every profile and node.
 */
public final class ElasticsearchServer extends AbstractServer {

  private static final String HEAP = "-Xms512m -Xmx512m";

  private final int node;

  /** Node {@code node} (1-based) of {@code config}'s profile. */
  ElasticsearchServer(StackConfig config, int node) {
    super(
        config,
        config.profile().clustered() ? "elasticsearch-" + node : "elasticsearch",
        config.elasticsearchPort(node),
        "ES_PORT");
    this.node = node;
  }

  /** {@code GET /_cluster/health} answers yellow or green. */
  @Override
  public boolean isUp() {
    return Probes.elasticsearch(port());
  }

  /**
   * Up; in a cluster, also remembers that the cluster has formed, after which no node is started
   * with {@code cluster.initial_master_nodes} again (see {@link ElasticsearchSettings}). A node
   * writes its {@code _state} before it ever joins, so its data folder cannot tell.
   */
  @Override
  protected boolean ready() {
    if (!isUp()) {
      return false;
    }
    if (config.profile().clustered() && !Files.exists(formedMarker())) {
      try {
        Files.writeString(formedMarker(), "the Elasticsearch cluster has formed\n");
      } catch (IOException e) {
        throw new LocalStackException(name() + ": cannot write " + formedMarker(), e);
      }
    }
    return true;
  }

  /** {@code <dataDir>/elasticsearch-cluster-formed}, shared by the profile's nodes. */
  private Path formedMarker() {
    return config.dataDir().resolve("elasticsearch-cluster-formed");
  }

  @Override
  public Path logFile() {
    return dir.resolve("logs").resolve(ElasticsearchSettings.clusterName(config) + ".log");
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
    Path home = ElasticsearchTools.home(config);
    Path javaHome = ElasticsearchTools.javaHome();
    Path conf = dir.resolve("config");
    if (!Files.exists(conf.resolve("jvm.options"))) {
      ToolFiles.copyTree(home.resolve("config"), conf);
    }
    boolean bootstrap = !Files.exists(formedMarker());
    Files.writeString(
        conf.resolve("elasticsearch.yml"),
        ElasticsearchSettings.render(config, node, dir, bootstrap),
        StandardCharsets.UTF_8);
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
}
