package io.catalog.cli;

import io.catalog.operations.replay.ReplayClient;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code replay pause|resume|cancel}: one request to a replay, by its workflow id. */
abstract class ReplaySignal implements Callable<Integer> {
  @Mixin Platform platform;

  @Mixin Console console;

  @Parameters(paramLabel = "ID", description = "The replay's workflow id.")
  String id;

  private final String name;
  private final BiConsumer<ReplayClient, String> send;

  ReplaySignal(String name, BiConsumer<ReplayClient, String> send) {
    this.name = name;
    this.send = send;
  }

  @Override
  public Integer call() {
    try (Platform temporal = platform) {
      send.accept(temporal.replays(), id);
    }
    console.say("sent " + name + " to " + id);
    return 0;
  }

  @Command(
      name = "pause",
      description = "Pause a replay (signal `pause`): it stops within about a second.")
  static final class Pause extends ReplaySignal {
    Pause() {
      super("pause", ReplayClient::pause);
    }
  }

  @Command(name = "resume", description = "Resume a paused replay (signal `resume`).")
  static final class Resume extends ReplaySignal {
    Resume() {
      super("resume", ReplayClient::resume);
    }
  }

  @Command(name = "cancel", description = "Cancel a replay; what it applied stays applied.")
  static final class Cancel extends ReplaySignal {
    Cancel() {
      super("cancel", ReplayClient::cancel);
    }
  }
}
