package io.catalog.workers.testing;

import io.catalog.workers.Workers;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own workers on its own {@link ItStack} slice: both started before the class's
 * first test, the workers stopped and the slice removed after its last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final WorkersSlice slice = WorkersSlice.with(Map.of("OUTBOX_SHARDS", "1"));
 * ...
 * slice.it().db.count("status = 'PENDING'");
 * }</pre>
 */
public final class WorkersSlice implements BeforeAllCallback, AfterAllCallback {
  private final Function<ItStack, Workers> start;
  private ItStack it;
  private Workers workers;

  private WorkersSlice(Function<ItStack, Workers> start) {
    this.start = start;
  }

  /** Workers with the slice's settings and {@code overrides} (environment variable names). */
  public static WorkersSlice with(Map<String, String> overrides) {
    return new WorkersSlice(it -> Workers.start(it.config(overrides)));
  }

  /** Workers that {@code start} starts on the slice. */
  public static WorkersSlice startedBy(Function<ItStack, Workers> start) {
    return new WorkersSlice(start);
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

  public Workers workers() {
    return workers;
  }
}
