package io.catalog.localstack;

import io.catalog.domain.config.Endpoints;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Command line for the local stack.
 *
 * <pre>
 * java -cp 'local-stack/target/local-stack-VERSION.jar:local-stack/target/stack-lib/*' \
 *     io.catalog.localstack.StackMain up|down|status [--profile dev|test|cluster] [--json]
 * </pre>
 *
 * {@code up} leaves the servers running and prints their endpoints; {@code status} prints a table
 * (or JSON with {@code --json}). Exit 0 on success, 1 with a one-line reason on failure, 2 on a
 * usage error.
 */
public final class StackMain {

  static final String USAGE =
      "usage: StackMain up|down|status [--profile dev|test|cluster] [--json]";

  private StackMain() {}

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      // Before the first logger exists: progress on stderr, stdout kept for results.
      System.setProperty("logback.configurationFile", "io/catalog/localstack/logback-cli.xml");
    }
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Command command;
    try {
      command = Command.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("local-stack: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      LocalStack stack = LocalStack.of(command.profile());
      switch (command.action()) {
        case "up" -> {
          stack.ensureUp();
          printEndpoints(stack, out);
        }
        case "down" -> stack.down();
        case "status" -> printStatus(stack, command.json(), out);
        default -> throw new IllegalStateException(command.action());
      }
      return 0;
    } catch (RuntimeException e) {
      err.println(
          "local-stack: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
  }

  private static void printEndpoints(LocalStack stack, PrintStream out) {
    Endpoints endpoints = stack.endpoints();
    out.printf(
        "%-16s %s  (user %s, password %s)%n",
        "postgres", endpoints.dbUrl(), endpoints.dbUser(), endpoints.dbPassword());
    out.printf("%-16s %s%n", "kafka", endpoints.kafkaBootstrap());
    out.printf("%-16s %s%n", "elasticsearch", endpoints.elasticsearchUrl());
    out.printf("%-16s %s%n", "temporal", endpoints.temporalTarget());
    out.printf("%-16s %s%n", "temporal-ui", stack.config().temporalUiUrl());
  }

  private static void printStatus(LocalStack stack, boolean json, PrintStream out) {
    List<Row> rows = new ArrayList<>();
    for (ManagedServer server : stack.servers()) {
      OptionalLong pid = server.pid();
      rows.add(
          new Row(server.name(), server.port(), pid, server.state(), server.logFile().toString()));
    }
    if (json) {
      out.println(statusJson(stack, rows));
      return;
    }
    out.printf("%-16s %-6s %-8s %s%n", "SERVER", "PORT", "PID", "STATE");
    for (Row row : rows) {
      String pid = row.pid().isPresent() ? Long.toString(row.pid().getAsLong()) : "-";
      out.printf("%-16s %-6d %-8s %s%n", row.name(), row.port(), pid, row.state());
    }
  }

  private static String statusJson(LocalStack stack, List<Row> rows) {
    StringBuilder json = new StringBuilder();
    json.append("{\"profile\":")
        .append(quote(stack.config().profile().id()))
        .append(",\"dataDir\":")
        .append(quote(stack.config().dataDir().toString()))
        .append(",\"servers\":[");
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"name\":")
          .append(quote(row.name()))
          .append(",\"port\":")
          .append(row.port())
          .append(",\"pid\":")
          .append(row.pid().isPresent() ? Long.toString(row.pid().getAsLong()) : "null")
          .append(",\"state\":")
          .append(quote(row.state().name()))
          .append(",\"log\":")
          .append(quote(row.log()))
          .append('}');
    }
    Endpoints endpoints = stack.endpoints();
    json.append("],\"endpoints\":{")
        .append("\"jdbcUrl\":")
        .append(quote(endpoints.dbUrl()))
        .append(",\"dbUser\":")
        .append(quote(endpoints.dbUser()))
        .append(",\"dbPassword\":")
        .append(quote(endpoints.dbPassword()))
        .append(",\"kafkaBootstrap\":")
        .append(quote(endpoints.kafkaBootstrap()))
        .append(",\"elasticsearchUrl\":")
        .append(quote(endpoints.elasticsearchUrl()))
        .append(",\"temporalTarget\":")
        .append(quote(endpoints.temporalTarget()))
        .append(",\"temporalUiUrl\":")
        .append(quote(stack.config().temporalUiUrl()))
        .append("}}");
    return json.toString();
  }

  static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static String oneLine(String message) {
    return message.replaceAll("\\s*\\R\\s*", " ");
  }

  private record Row(String name, int port, OptionalLong pid, ServerState state, String log) {}

  /** A parsed command line. */
  record Command(String action, StackProfile profile, boolean json) {

    static Command parse(String[] args) {
      String action = null;
      StackProfile profile = StackProfile.DEV;
      boolean json = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--profile") && i + 1 < args.length) {
          profile = StackProfile.parse(args[++i]);
        } else if (arg.startsWith("--profile=")) {
          profile = StackProfile.parse(arg.substring("--profile=".length()));
        } else if (arg.equals("--json")) {
          json = true;
        } else if (action == null && List.of("up", "down", "status").contains(arg)) {
          action = arg;
        } else {
          throw new IllegalArgumentException("unexpected argument '" + arg + "'");
        }
      }
      if (action == null) {
        throw new IllegalArgumentException("missing command");
      }
      return new Command(action, profile, json);
    }
  }
}
