package io.catalog.workers.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.index.IndexInfo;
import io.catalog.search.index.SearchIndexes;
import io.catalog.workflows.rebuild.ProductSearchRollbackActivities;
import io.catalog.workflows.rebuild.RollbackPlan;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The rollback's activities: pick a whole index to go back to, then move the alias there through
 * {@link AliasHandover}, which first copies into it what the live projection applied elsewhere.
 */
public final class ProductSearchRollbackActivitiesImpl implements ProductSearchRollbackActivities {
  private final SearchIndexes indexes;
  private final AliasHandover handover;

  ProductSearchRollbackActivitiesImpl(
      ElasticsearchClient client, PlatformNames names, AliasHandover handover) {
    this.indexes = new SearchIndexes(client, names);
    this.handover = handover;
  }

  @Override
  public RollbackPlan plan(String toIndex) {
    try {
      String current =
          indexes
              .aliasTarget()
              .orElseThrow(() -> nothing("alias " + indexes.alias() + " does not exist"));
      if (toIndex == null) {
        String previous =
            indexes
                .previousWholeIndex()
                .orElseThrow(
                    () ->
                        nothing(
                            "no validated or served index older than "
                                + current
                                + " to roll back to"));
        return new RollbackPlan(indexes.alias(), current, previous);
      }
      Optional<IndexInfo> to =
          indexes.listIndices().stream().filter(i -> i.name().equals(toIndex)).findFirst();
      if (to.isEmpty()) {
        throw nothing("index " + toIndex + " does not exist");
      }
      if (!to.get().state().whole()) {
        throw nothing(
            "index " + toIndex + " was never validated or served (a failed rebuild's leftover?)");
      }
      return new RollbackPlan(indexes.alias(), current, toIndex);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the search indices", e);
    }
  }

  @Override
  public void moveAlias(String from, String to) {
    try {
      ActivityExecutionContext ctx = Activity.getExecutionContext();
      handover.moveBack(
          from, to, ctx.getInfo().getWorkflowId() + "/rollback", new TemporalChunkContext(ctx));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move alias " + indexes.alias() + " to " + to, e);
    }
  }

  private static ApplicationFailure nothing(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, "NothingToRollBackTo");
  }
}
