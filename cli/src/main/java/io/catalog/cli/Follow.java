package io.catalog.cli;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * A picocli mixin: the {@code --follow} option of the commands that start a long-running workflow
 * (rebuild, reconcile, replay), and the loop that follows one until it ends.
 */
final class Follow {
  @Option(
      names = "--follow",
      description = "Show a progress bar, redrawn every second, until the workflow ends.")
  boolean on;

  boolean on() {
    return on;
  }

  /**
   * Asks {@code poll} for the workflow's state every second and redraws {@code bar} with {@code
   * line} of it (nothing when that is null) until {@code ended} holds; returns that last state. A
   * progress display refreshes on a clock: a workflow's progress query has no event to wait for.
   */
  static <S> S until(
      ProgressBar bar, Supplier<S> poll, Predicate<S> ended, Function<S, String> line)
      throws InterruptedException {
    while (true) {
      S state = poll.get();
      String drawn = line.apply(state);
      if (drawn != null) {
        bar.draw(drawn);
      }
      if (ended.test(state)) {
        return state;
      }
      TimeUnit.SECONDS.sleep(1);
    }
  }
}
