package io.catalog.cli;

import io.catalog.domain.json.Json;
import picocli.CommandLine.Option;

/** A picocli mixin: the {@code --json} option of the ops commands, and printing by it. */
final class JsonOutput extends Console {
  @Option(names = "--json", description = "Print JSON for scripts.")
  boolean json;

  boolean json() {
    return json;
  }

  /** {@code value} as one JSON document on stdout, flushed: what a script reads. */
  void printJson(Object value) {
    out().println(Json.write(value));
    out().flush();
  }

  /** The table for people, or its rows as JSON for scripts. */
  void print(Table table) {
    table.print(out(), json);
  }
}
