package io.catalog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.testing.ItStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One in-process run of the {@code platform} command line, with what it printed. */
record CliRun(int exit, String out, String err) {

  JsonNode json() throws Exception {
    return Json.mapper().readTree(out);
  }

  static CliRun platform(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = PlatformCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /**
   * A test slice with its topics, and the CLI pointed at it: the settings the commands read from
   * the environment are set as system properties (which win over the environment).
   */
  static ItStack sliceForCommands() {
    ItStack stack = ItStack.create();
    try (TopicProvisioner topics = TopicProvisioner.connect(stack.endpoints.kafkaBootstrap())) {
      topics.provision(TopicSpec.platformTopics(stack.names, 3));
    }
    Map.of(
            "DB_URL", stack.db.jdbcUrl(),
            "DB_USER", stack.endpoints.dbUser(),
            "DB_PASSWORD", stack.endpoints.dbPassword(),
            "KAFKA_BOOTSTRAP", stack.endpoints.kafkaBootstrap(),
            "ES_URL", stack.endpoints.elasticsearchUrl(),
            "TEMPORAL_TARGET", stack.endpoints.temporalTarget(),
            "PLATFORM_NAME_PREFIX", stack.names.prefix())
        .forEach(System::setProperty);
    return stack;
  }
}
