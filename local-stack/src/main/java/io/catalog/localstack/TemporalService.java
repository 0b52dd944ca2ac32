package io.catalog.localstack;

import java.nio.file.Path;

/**
 * The stack's Temporal frontend, whichever server answers on it: the dev server of the dev and test
 * profiles ({@link TemporalServer}) or the real server of the cluster profile ({@link
 * TemporalClusterServer}).
 */
public interface TemporalService extends ManagedServer {

  /** The {@code temporal} CLI this stack runs (installed on demand, see install-tools.sh). */
  Path cli();

  /** The gRPC address of the frontend, {@code 127.0.0.1:<port>}. */
  default String address() {
    return StackConfig.HOST + ":" + port();
  }

  /** Whether {@code temporal operator namespace describe default} succeeds against this server. */
  default boolean namespaceReady() {
    return TemporalCli.run(
            cli(), address(), "operator", "namespace", "describe", "--namespace", "default")
        .ok();
  }
}
