package io.catalog.testkit;

import java.util.concurrent.locks.LockSupport;

/**
 * A test writer's pace: waits until a moment on {@link System#nanoTime()} has come.
 *
 * <p>One {@code LockSupport.parkNanos} is not enough on a thread that writes products: the create
 * group commit wakes the writers waiting on a batch with {@code unpark}, and a wake-up that comes
 * after the writer saw its create done stays with the thread as a permit. The next {@code
 * parkNanos} returns at once, and a writer meant to make 250 changes a second made 900.
 */
public final class Pace {
  private Pace() {}

  /** Returns once {@code System.nanoTime()} has reached {@code dueNanos}. */
  public static void awaitNanoTime(long dueNanos) {
    long wait;
    while ((wait = dueNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait); // pacing a writer, not synchronisation
    }
  }
}
