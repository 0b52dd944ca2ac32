package io.catalog.api.ops.auth;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses to start an API that other hosts can reach while an ops token is one of the built-in
 * development tokens of {@code config/api.yml}: those are in the repository, so anyone could replay
 * or discard dead letters. {@code ./platform up} binds to loopback and keeps working with them.
 *
 * <pre>{@code
 * DevTokenGuard.check(config.getServerFactory(), config.getOps());  // first thing in run()
 * }</pre>
 */
public final class DevTokenGuard {
  /** The built-in token and the variable that replaces it. */
  static final Map<String, String> DEV_TOKENS =
      Map.of("dev-ops-admin-token", "OPS_ADMIN_TOKEN", "dev-ops-read-token", "OPS_READ_TOKEN");

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  private DevTokenGuard() {}

  /**
   * @throws IllegalStateException naming the variables to set, when a development token would be
   *     served on an address that is not loopback
   */
  public static void check(ServerFactory server, OpsConfiguration ops) {
    List<String> problems = problems(bindHosts(server), ops.getTokens());
    if (!problems.isEmpty()) {
      throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
    }
  }

  /** One line per development token in use while some application connector is not loopback. */
  static List<String> problems(List<String> bindHosts, List<OpsToken> tokens) {
    List<String> exposed =
        bindHosts.stream().filter(h -> !loopback(h)).map(DevTokenGuard::shown).toList();
    List<String> problems = new ArrayList<>();
    if (exposed.isEmpty()) {
      return problems;
    }
    for (OpsToken t : tokens) {
      String variable = DEV_TOKENS.get(t.token());
      if (variable != null) {
        problems.add(
            "ops token "
                + t.name()
                + " is the built-in development token '"
                + t.token()
                + "' but the API"
                + " listens on "
                + String.join(", ", exposed)
                + " (server.applicationConnectors bindHost,"
                + " API_BIND_HOST), not only on loopback; set "
                + variable
                + " to a secret of 16+"
                + " characters, or bind to 127.0.0.1");
      }
    }
    return problems;
  }

  /** The bind host of every application connector; null means every interface. */
  static List<String> bindHosts(ServerFactory server) {
    List<ConnectorFactory> connectors = new ArrayList<>();
    if (server instanceof DefaultServerFactory d) {
      connectors.addAll(d.getApplicationConnectors());
    } else if (server instanceof SimpleServerFactory s) {
      connectors.add(s.getConnector());
    }
    List<String> hosts = new ArrayList<>();
    for (ConnectorFactory c : connectors) {
      hosts.add(c instanceof HttpConnectorFactory http ? http.getBindHost() : null);
    }
    return hosts;
  }

  /** 127.0.0.1 (127/8), localhost and ::1; no name is resolved. */
  static boolean loopback(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String h = host.strip().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
    return h.equals("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || IPV4_LOOPBACK.matcher(h).matches();
  }

  private static String shown(String host) {
    return host == null || host.isBlank() ? "every interface" : host;
  }
}
