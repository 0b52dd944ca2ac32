package io.catalog.cli;

import picocli.CommandLine.Option;

/** A picocli mixin: the {@code --json} option of the ops commands, and printing by it. */
final class JsonOutput extends Console {
  @Option(names = "--json", description = "Print JSON for scripts.")
  boolean json;

  boolean json() {
    return json;
  }

  /** The table for people, or its rows as JSON for scripts. */
  void print(Table table) {
    table.print(out(), json);
  }
}
