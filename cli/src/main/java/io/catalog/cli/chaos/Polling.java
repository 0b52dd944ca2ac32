package io.catalog.cli.chaos;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting on conditions that have no event to wait on: a server coming back, a backlog draining.
 */
final class Polling {
  private static final long INTERVAL_MILLIS = 500;

  private Polling() {}

  /**
   * Polls {@code condition} until it holds or {@code timeout} passes; exceptions count as "not
   * yet".
   */
  static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        // A server still coming back: try again.
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(INTERVAL_MILLIS); // polling: none of these conditions has an event to wait on
    }
  }
}
