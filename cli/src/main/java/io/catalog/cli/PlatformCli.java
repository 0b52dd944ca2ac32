package io.catalog.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./platform}: the operator's command line. Every subcommand, at any depth, inherits its
 * {@code --help} and {@code --version} from here (scope INHERIT).
 */
@Command(
    name = "platform",
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "platform 0.1.0",
    description = "Run and operate the product catalog platform.",
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      DbCommand.class,
      ProcessOutboxCommand.class,
      OutboxCommand.class,
      SearchCommand.class,
      LagCommand.class,
      RebuildCommand.class,
      ReconcileCommand.class,
      RewindCommand.class,
      ReplayCommand.class,
      DlqCommand.class,
      BenchCommand.class,
      ChaosCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PlatformCli implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PlatformCli());
    // One line on stderr and exit 1 instead of a stack trace for expected failures.
    cli.setExecutionExceptionHandler(
        (e, command, parse) -> {
          if (e instanceof CommandLine.ParameterException bad) {
            // Bad input found while running (not while parsing) is still a usage error: exit 2.
            return command
                .getParameterExceptionHandler()
                .handleParseException(bad, parse.originalArgs().toArray(String[]::new));
          }
          command.getErr().println("platform: " + ErrorMessages.oneLine(e));
          return 1;
        });
    return cli;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
