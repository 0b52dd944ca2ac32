package io.catalog.workers.testing;

import io.catalog.workers.Workers;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own {@link ItStack} slice, and its own workers on it if asked for: started before
 * the class's first test, the workers stopped and the slice removed after its last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StackSlice slice = StackSlice.withWorkers(Map.of("OUTBOX_SHARDS", "1"));
 * ...
 * ItStack it = slice.it();
 * }</pre>
 */
public final class StackSlice implements BeforeAllCallback, AfterAllCallback {
  private final Function<ItStack, Workers> start;
  private ItStack it;
  private Workers workers;

  private StackSlice(Function<ItStack, Workers> start) {
    this.start = start;
  }

  /** The slice alone: the test starts what it needs itself. */
  public static StackSlice plain() {
    return new StackSlice(it -> null);
  }

  /** Workers with the slice's settings and {@code overrides} (environment variable names). */
  public static StackSlice withWorkers(Map<String, String> overrides) {
    return new StackSlice(it -> Workers.start(it.config(overrides)));
  }

  /** Workers that {@code start} starts on the slice. */
  public static StackSlice withWorkers(Function<ItStack, Workers> start) {
    return new StackSlice(start);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    it = ItStack.create();
    workers = start.apply(it);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (workers != null) {
        workers.close();
      }
    } finally {
      if (it != null) {
        it.close();
      }
      workers = null;
      it = null;
    }
  }

  public ItStack it() {
    return it;
  }

  /** The workers started with the slice; there are none for a {@link #plain()} slice. */
  public Workers workers() {
    if (workers == null) {
      throw new IllegalStateException("this slice was started without workers");
    }
    return workers;
  }
}
