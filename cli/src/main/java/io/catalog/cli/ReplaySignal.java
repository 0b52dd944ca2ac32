package io.catalog.cli;

import io.catalog.operations.replay.ReplayClient;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
    check();
    try (Platform temporal = platform) {
      send(temporal.replays());
    }
    console.say("sent " + name + " to " + id);
    return 0;
  }

  /** Refuses bad arguments (a usage error) before anything is sent. */
  void check() {}

  void send(ReplayClient replays) {
    send.accept(replays, id);
  }

  /** Whoever runs this, on this host: the note of a pause given none. */
  static String who() {
    return System.getProperty("user.name", "someone");
  }

  @Command(
      name = "pause",
      description = "Pause a replay (signal `pause`): it stops within about a second.")
  static final class Pause extends ReplaySignal {
    /** Longer notes are refused: a note is a line in a status, not a document. */
    static final int MAX_NOTE = 500;

    @Option(
        names = "--note",
        description =
            "Who pauses and why; the replay's progress shows it until resume (default: your user"
                + " name and this command).")
    String note;

    Pause() {
      super("pause", null);
    }

    @Override
    void check() {
      if (note != null && (note.isBlank() || note.length() > MAX_NOTE)) {
        throw console.usageError(
            "--note must be between 1 and " + MAX_NOTE + " characters, was " + note.length());
      }
    }

    @Override
    void send(ReplayClient replays) {
      replays.pause(id, note != null ? note : who() + " with platform replay pause");
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
