package io.catalog.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import io.catalog.search.EsFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search alias: which indices hold it, which one it targets, and its atomic move to another
 * index ({@link SearchIndexes#switchAlias(String, Map)}).
 */
record SearchAlias(
    ElasticsearchClient client, IndexNaming naming, IndexStates states, Clock clock) {
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndexes.class);
  private static final int SWITCH_ATTEMPTS = 5;

  private String alias() {
    return naming.alias();
  }

  Optional<String> target() throws IOException {
    List<String> holders = holders();
    if (holders.size() <= 1) {
      return holders.stream().findFirst();
    }
    var response = client.indices().getAlias(g -> g.name(alias()));
    return response.aliases().entrySet().stream()
        .filter(e -> Boolean.TRUE.equals(e.getValue().aliases().get(alias()).isWriteIndex()))
        .map(Map.Entry::getKey)
        .findFirst()
        .or(() -> holders.stream().max(Comparator.naturalOrder()));
  }

  List<String> holders() throws IOException {
    try {
      return client.indices().getAlias(g -> g.name(alias())).aliases().keySet().stream()
          .sorted()
          .toList();
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  void switchTo(String newIndex, Map<Integer, Long> retiredPositions) throws IOException {
    naming.requireOwnIndex(newIndex);
    for (int attempt = 1; ; attempt++) {
      List<String> holders = holders();
      if (holders.equals(List.of(newIndex))) {
        LOG.info("alias {} already points at {} only", alias(), newIndex);
        return;
      }
      markMove(newIndex, holders, retiredPositions);
      List<Action> actions = moveActions(newIndex, holders);
      try {
        client.indices().updateAliases(u -> u.actions(actions));
        LOG.info("alias {} switched from {} to {}", alias(), holders, newIndex);
        return;
      } catch (ElasticsearchException | IOException e) {
        if (!EsFailure.isType(e, "aliases_not_found_exception") || attempt == SWITCH_ATTEMPTS) {
          throw e;
        }
        LOG.warn("alias {} moved while switching to {}; reading it again", alias(), newIndex);
      }
    }
  }

  /** Marks {@code newIndex} served and every other holder retired with {@code positions}. */
  private void markMove(String newIndex, List<String> holders, Map<Integer, Long> positions)
      throws IOException {
    Instant now = clock.instant();
    states.write(newIndex, states.state(newIndex).served(now));
    for (String holder : holders) {
      if (!holder.equals(newIndex)) {
        states.write(holder, states.state(holder).retired(now, positions));
      }
    }
  }

  /** Remove from every holder (each must still hold it), add to the new index as write index. */
  private List<Action> moveActions(String newIndex, List<String> holders) {
    List<Action> actions = new ArrayList<>();
    for (String holder : holders) {
      actions.add(Action.of(a -> a.remove(r -> r.index(holder).alias(alias()).mustExist(true))));
    }
    actions.add(Action.of(a -> a.add(ad -> ad.index(newIndex).alias(alias()).isWriteIndex(true))));
    return actions;
  }
}
