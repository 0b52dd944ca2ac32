package io.catalog.workers.rebuild;

import io.catalog.workflows.rebuild.DatabaseLoadRequest;
import io.catalog.workflows.rebuild.DatabaseLoadResult;
import io.catalog.workflows.rebuild.EventCopyRequest;
import io.catalog.workflows.rebuild.EventCopyResult;
import io.catalog.workflows.rebuild.OffsetsSnapshot;
import io.catalog.workflows.rebuild.ProductSearchRebuildActivities;
import io.catalog.workflows.rebuild.RebuildPlan;
import io.catalog.workflows.rebuild.ValidationReport;
import io.catalog.workflows.rebuild.ValidationRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real rebuild activities with steps made to fail for good: {@link #failAt} names the method
 * ({@code copyEvents} calls by phase, e.g. {@code copyEvents:final-catch-up}), {@link #failAlso} a
 * second one (a compensation, say). Everything else, compensations included, runs against the real
 * stack.
 */
final class FaultyRebuildActivities implements ProductSearchRebuildActivities {
  final List<String> calls = new CopyOnWriteArrayList<>();
  volatile String failAt;
  volatile String failAlso;
  private final ProductSearchRebuildActivities real;

  FaultyRebuildActivities(ProductSearchRebuildActivities real) {
    this.real = real;
  }

  private void call(String name) {
    calls.add(name);
    if (name.equals(failAt) || name.equals(failAlso)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "injected failure at " + name, "InjectedFailure");
    }
  }

  @Override
  public RebuildPlan inspect(int mappingVersion) {
    call("inspect");
    return real.inspect(mappingVersion);
  }

  @Override
  public String createIndex(String index, int mappingVersion, long createdAtMillis) {
    call("createIndex");
    return real.createIndex(index, mappingVersion, createdAtMillis);
  }

  @Override
  public boolean deleteIndex(String index) {
    call("deleteIndex");
    return real.deleteIndex(index);
  }

  @Override
  public OffsetsSnapshot recordEndOffsets() {
    call("recordEndOffsets");
    return real.recordEndOffsets();
  }

  @Override
  public DatabaseLoadResult loadFromDatabase(DatabaseLoadRequest request) {
    call("loadFromDatabase");
    return real.loadFromDatabase(request);
  }

  @Override
  public EventCopyResult copyEvents(EventCopyRequest request) {
    call("copyEvents:" + request.requestId().split("/")[2]);
    return real.copyEvents(request);
  }

  @Override
  public ValidationReport validate(ValidationRequest request) {
    call("validate");
    return real.validate(request);
  }

  @Override
  public void restoreSettings(String index) {
    call("restoreSettings");
    real.restoreSettings(index);
  }

  @Override
  public void switchAlias(String index) {
    call("switchAlias");
    real.switchAlias(index);
  }

  @Override
  public void restoreAlias(String previousIndex, String newIndex) {
    call("restoreAlias");
    real.restoreAlias(previousIndex, newIndex);
  }

  @Override
  public List<String> deleteOldIndices(int keepPrevious) {
    call("deleteOldIndices");
    return real.deleteOldIndices(keepPrevious);
  }

  @Override
  public void reportCompensationFailure(String rebuild, String error) {
    call("reportCompensationFailure");
    real.reportCompensationFailure(rebuild, error);
  }
}
