package io.catalog.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A picocli mixin: where a command prints (the stdout and stderr picocli gave it) and how it
 * refuses bad input it finds while running.
 */
@Command // what makes a mixin of a class that declares no option of its own
class Console {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** {@code line} on stdout, flushed. */
  void say(String line) {
    out().println(line);
    out().flush();
  }

  /** A usage error (exit 2 with the usage), as if picocli had found it while parsing. */
  ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /**
   * What {@code parse} makes of the command's arguments; its {@code IllegalArgumentException} is a
   * usage error with the same message.
   */
  <T> T parsed(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw usageError(e.getMessage());
    }
  }

  /**
   * A usage error when {@code problem} is not null: a workflow input's own {@code problem()}, so
   * the command refuses before it starts anything what the workflow would refuse after.
   */
  void refuse(String problem) {
    if (problem != null) {
      throw usageError(problem);
    }
  }
}
