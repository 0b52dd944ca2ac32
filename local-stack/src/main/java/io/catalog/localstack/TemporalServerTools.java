package io.catalog.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the cluster profile's Temporal runs: the server, its schema tool and the UI server in {@code
 * .platform/tools/bin}, and the server module's PostgreSQL schemas in {@code
 * .platform/tools/temporal-server-<version>/schema}. All are built by {@code
 * scripts/install-tools.sh --with-cluster}, which {@link #ensureInstalled()} runs when one is
 * missing.
 */
final class TemporalServerTools {
  private static final Logger LOG = LoggerFactory.getLogger(Tools.class);

  /** Building the server from source takes minutes on two cores; the first time, many. */
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(45);

  private static final Object INSTALL_LOCK = new Object();

  private final StackConfig config;

  TemporalServerTools(StackConfig config) {
    this.config = config;
  }

  Path server() {
    return config.toolsDir().resolve("bin/temporal-server");
  }

  Path sqlTool() {
    return config.toolsDir().resolve("bin/temporal-sql-tool");
  }

  Path uiServer() {
    return config.toolsDir().resolve("bin/temporal-ui-server");
  }

  /**
   * {@code .../schema/postgresql/v12/<database>/versioned}: {@code temporal} or {@code visibility}.
   */
  Path versionedSchema(String database) {
    return config
        .toolsDir()
        .resolve("temporal-server-" + Tools.version("temporal.server.version"))
        .resolve("schema/postgresql/v12")
        .resolve(database)
        .resolve("versioned");
  }

  private boolean installed() {
    return Files.isExecutable(server())
        && Files.isExecutable(sqlTool())
        && Files.isExecutable(uiServer())
        && Files.isDirectory(versionedSchema("temporal"))
        && Files.isDirectory(versionedSchema("visibility"));
  }

  /** Runs {@code install-tools.sh --with-cluster} once if anything is missing. */
  void ensureInstalled() {
    if (installed()) {
      return;
    }
    Path script = config.root().resolve("scripts/install-tools.sh");
    synchronized (INSTALL_LOCK) {
      if (installed()) {
        return;
      }
      if (!Files.isRegularFile(script)) {
        throw new LocalStackException(
            "the Temporal server is not installed in "
                + config.toolsDir()
                + " and "
                + script
                + " is missing");
      }
      LOG.info("Temporal server missing; running {} --with-cluster (minutes)", script);
      Processes.Result result =
          Processes.run(List.of("bash", script.toString(), "--with-cluster"), INSTALL_TIMEOUT);
      if (!result.ok() || !installed()) {
        String[] lines = result.output().strip().split("\n");
        throw new LocalStackException(
            script + " --with-cluster failed: " + lines[lines.length - 1]);
      }
    }
  }
}
