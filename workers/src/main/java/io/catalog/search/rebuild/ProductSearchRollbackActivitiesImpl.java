package io.catalog.search.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.naming.PlatformNames;
import io.catalog.search.index.IndexInfo;
import io.catalog.search.index.SearchIndexes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The rollback's activities: read the indices, then one guarded atomic alias switch. */
public final class ProductSearchRollbackActivitiesImpl implements ProductSearchRollbackActivities {
  private final SearchIndexes indexes;

  public ProductSearchRollbackActivitiesImpl(ElasticsearchClient client, PlatformNames names) {
    this.indexes = new SearchIndexes(client, names);
  }

  @Override
  public RollbackPlan plan(String toIndex) {
    try {
      String current =
          indexes
              .aliasTarget()
              .orElseThrow(() -> nothing("alias " + indexes.alias() + " does not exist"));
      List<IndexInfo> all = indexes.listIndices();
      if (toIndex != null) {
        if (all.stream().noneMatch(i -> i.name().equals(toIndex))) {
          throw nothing("index " + toIndex + " does not exist");
        }
        return new RollbackPlan(indexes.alias(), current, toIndex);
      }
      String previous = null;
      for (IndexInfo info : all) {
        if (info.name().equals(current)) {
          break;
        }
        previous = info.name();
      }
      if (previous == null) {
        throw nothing("no index older than " + current + " to roll back to");
      }
      return new RollbackPlan(indexes.alias(), current, previous);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the search indices", e);
    }
  }

  @Override
  public void moveAlias(String from, String to) {
    try {
      List<String> holders = indexes.aliasHolders();
      if (holders.equals(List.of(to))) {
        return; // a retry of a move that succeeded
      }
      if (!holders.contains(from)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "alias " + indexes.alias() + " points at " + holders + ", not at " + from
                + " any more: someone else moved it; not rolling back",
            "AliasMoved");
      }
      indexes.switchAlias(to);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move alias " + indexes.alias() + " to " + to, e);
    }
  }

  private static ApplicationFailure nothing(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, "NothingToRollBackTo");
  }
}
