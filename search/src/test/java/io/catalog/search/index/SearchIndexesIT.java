package io.catalog.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import io.catalog.search.testing.EsIt;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SearchIndexesIT {
  private static final Instant T = Instant.parse("2026-01-10T12:00:45Z");

  private EsIt es;
  private SearchIndexes indexes;

  @BeforeEach
  void open() {
    es = EsIt.open();
    indexes = es.indexes();
  }

  @AfterEach
  void close() {
    es.close();
  }

  @Test
  void ensureAliasCreatesTheFirstIndexOnceAndIsIdempotent() throws IOException {
    assertThat(indexes.aliasTarget()).isEmpty();

    String first = indexes.ensureAlias();
    String again = indexes.ensureAlias();

    assertThat(first)
        .matches(es.names.prefix() + "product_search_v" + MappingVersion.NEWEST + "_\\d{8}_\\d{6}");
    assertThat(again).isEqualTo(first);
    assertThat(indexes.aliasTarget()).contains(first);
    assertThat(indexes.listIndices())
        .extracting(IndexInfo::name, IndexInfo::aliasTarget)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(first, true));
    assertThat(isWriteIndex(first)).isTrue();
  }

  @Test
  void concurrentEnsureAliasEndsWithTheAliasOnExactlyOneIndex() throws Exception {
    // Same-second callers collide on the index name; different-second ones on the write index.
    for (int round = 0; round < 4; round++) {
      try (EsIt race = EsIt.open()) {
        Instant at = T.plusSeconds(round * 10L);
        List<SearchIndexes> callers =
            List.of(
                new SearchIndexes(race.client, race.names, Clock.fixed(at, ZoneOffset.UTC)),
                new SearchIndexes(race.client, race.names, Clock.fixed(at, ZoneOffset.UTC)),
                new SearchIndexes(
                    race.client, race.names, Clock.fixed(at.plusSeconds(1), ZoneOffset.UTC)),
                new SearchIndexes(
                    race.client, race.names, Clock.fixed(at.plusSeconds(2), ZoneOffset.UTC)));

        Set<String> answers =
            new HashSet<>(
                runTogether(callers.stream().map(c -> (Callable<String>) c::ensureAlias).toList()));

        SearchIndexes view = race.indexes();
        assertThat(answers).hasSize(1);
        assertThat(view.aliasHolders()).containsExactlyElementsOf(answers);
        assertThat(view.listIndices())
            .extracting(IndexInfo::name)
            .containsExactlyElementsOf(answers);
      }
    }
  }

  @Test
  void ensureAliasGivesTheLiveIndexTheMappingFilesRefreshInterval() throws IOException {
    String live = indexes.ensureAlias();
    // As an index made when the file said 1 s (before docs/benchmarks.md measured 250 ms best).
    es.client
        .indices()
        .putSettings(
            p -> p.index(live).withJson(new java.io.StringReader("{\"refresh_interval\":\"1s\"}")));
    assertThat(settings(live).refreshInterval().time()).isEqualTo("1s");

    assertThat(indexes.ensureAlias()).isEqualTo(live);

    assertThat(settings(live).refreshInterval().time()).isEqualTo("250ms");
  }

  @Test
  void bulkLoadSettingsAreRestoredFromTheMappingFile() throws IOException {
    String index = indexes.createIndex(1, T, true);

    IndexSettings loading = settings(index);
    assertThat(loading.refreshInterval().time()).isEqualTo("-1");
    assertThat(loading.numberOfReplicas()).isEqualTo("0");
    assertThat(loading.autoExpandReplicas()).isEqualTo("false");

    indexes.restoreSettings(index);

    IndexSettings serving = settings(index);
    assertThat(serving.refreshInterval().time()).isEqualTo("250ms");
    assertThat(serving.autoExpandReplicas()).isEqualTo("0-1");
  }

  @Test
  void createIndexIsIdempotentForTheSameInstant() throws IOException {
    String index = indexes.createIndex(1, T, false);

    assertThat(indexes.createIndex(1, T, false)).isEqualTo(index);
    assertThat(indexes.listIndices()).hasSize(1);
  }

  @Test
  void switchAliasMovesItAtomicallyToExactlyTheNewIndex() throws IOException {
    String old = indexes.ensureAlias();
    String fresh = indexes.createIndex(1, Instant.now().plusSeconds(60), true);

    indexes.switchAlias(fresh);

    assertThat(indexes.aliasHolders()).containsExactly(fresh);
    assertThat(isWriteIndex(fresh)).isTrue();
    assertThat(indexes.listIndices())
        .extracting(IndexInfo::name)
        .containsExactlyInAnyOrder(old, fresh);

    indexes.switchAlias(fresh);
    assertThat(indexes.aliasHolders()).containsExactly(fresh);
  }

  @Test
  void switchAliasAlsoClearsAHandMadeSecondHolder() throws IOException {
    String a = indexes.createIndex(1, T, false);
    String b = indexes.createIndex(1, T.plusSeconds(1), false);
    String c = indexes.createIndex(1, T.plusSeconds(2), false);
    es.client
        .indices()
        .updateAliases(
            u ->
                u.actions(x -> x.add(add -> add.index(a).alias(indexes.alias())))
                    .actions(
                        x -> x.add(add -> add.index(b).alias(indexes.alias()).isWriteIndex(true))));
    assertThat(indexes.aliasTarget()).contains(b);

    indexes.switchAlias(c);

    assertThat(indexes.aliasHolders()).containsExactly(c);
  }

  @Test
  void switchToAMissingIndexFailsAndLeavesTheAliasAlone() throws IOException {
    String current = indexes.ensureAlias();

    assertThatThrownBy(() -> indexes.switchAlias(indexes.indexName(1, T.minusSeconds(3600))))
        .isInstanceOf(ElasticsearchException.class);
    assertThatThrownBy(() -> indexes.switchAlias("some_other_index"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(indexes.aliasHolders()).containsExactly(current);
  }

  @Test
  void deleteOldIndicesKeepsTheTargetTheOneBeforeAndAnythingNewer() throws IOException {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(indexes.createIndex(1, T.plusSeconds(i), false));
    }
    serveInTurn(made.subList(0, 4));

    assertThat(indexes.deleteOldIndices(0)).containsExactly(made.get(0), made.get(1));
    assertThat(indexes.deleteOldIndices(0)).isEmpty();
    assertThat(indexes.listIndices())
        .extracting(IndexInfo::name)
        .containsExactly(made.get(2), made.get(3), made.get(4));
  }

  @Test
  void deleteOldIndicesHonoursKeepPrevious() throws IOException {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      made.add(indexes.createIndex(1, T.plusSeconds(i), false));
    }
    serveInTurn(made);

    assertThat(indexes.deleteOldIndices(2)).containsExactly(made.get(0));
  }

  @Test
  void retentionKeepsTheRealPreviousIndexAndDeletesANewerOrphanThatNeverWasWhole()
      throws IOException {
    String previous = indexes.ensureAlias();
    // A rebuild created this one and failed half-way; its delete compensation failed too.
    String orphan = indexes.createIndex(1, Instant.now().plusSeconds(60), true);
    String current = indexes.createIndex(1, Instant.now().plusSeconds(120), true);
    indexes.switchAlias(current);

    assertThat(indexes.deleteOldIndices(1)).containsExactly(orphan);
    assertThat(indexes.listIndices())
        .extracting(IndexInfo::name)
        .containsExactly(previous, current);
  }

  @Test
  void indicesCarryTheirStateInTheMappingMeta() throws IOException {
    String first = indexes.ensureAlias();
    String fresh = indexes.createIndex(1, Instant.now().plusSeconds(60), true);
    assertThat(indexes.state(first).state()).isEqualTo(IndexState.SERVED);
    assertThat(indexes.state(first).whole()).isTrue();
    IndexState created = indexes.state(fresh);
    assertThat(created.state()).isEqualTo(IndexState.CREATED);
    assertThat(created.createdAt()).isNotNull();
    assertThat(created.whole()).isFalse();
    assertThat(indexes.previousWholeIndex()).isEmpty();

    indexes.markValidated(fresh);
    indexes.switchAlias(fresh, Map.of(0, 42L, 1, 7L));

    IndexState served = indexes.state(fresh);
    assertThat(served.state()).isEqualTo(IndexState.SERVED);
    assertThat(served.validatedAt()).isNotNull();
    assertThat(served.servedAt()).isNotNull();
    IndexState retired = indexes.state(first);
    assertThat(retired.state()).isEqualTo(IndexState.RETIRED);
    assertThat(retired.retiredPositions()).isEqualTo(Map.of(0, 42L, 1, 7L));
    assertThat(indexes.previousWholeIndex()).contains(first);
    assertThat(indexes.listIndices()).extracting(IndexInfo::state).allMatch(IndexState::whole);
  }

  @Test
  void deleteOldIndicesWithoutAnAliasDeletesNothing() throws IOException {
    indexes.createIndex(1, T, false);
    indexes.createIndex(1, T.plusSeconds(1), false);

    assertThat(indexes.deleteOldIndices(0)).isEmpty();
    assertThat(indexes.listIndices()).hasSize(2);
  }

  @Test
  void deleteIndexToleratesAStepThatNeverHappenedAndRefusesTheTarget() throws IOException {
    String target = indexes.ensureAlias();
    String spare = indexes.createIndex(1, T, false);

    assertThat(indexes.deleteIndex(spare)).isTrue();
    assertThat(indexes.deleteIndex(spare)).isFalse();
    assertThat(indexes.deleteIndex(indexes.indexName(1, T.minusSeconds(99)))).isFalse();
    assertThatThrownBy(() -> indexes.deleteIndex(target)).isInstanceOf(IllegalStateException.class);
    assertThat(indexes.aliasTarget()).contains(target);
  }

  @Test
  void listIndicesCountsDocumentsAndSeesOnlyItsOwnPrefix() throws IOException {
    String index = indexes.ensureAlias();
    try (EsIt other = EsIt.open()) {
      other.indexes().ensureAlias();

      assertThat(indexes.listIndices())
          .singleElement()
          .satisfies(
              info -> {
                assertThat(info.name()).isEqualTo(index);
                assertThat(info.docs()).isZero();
                assertThat(info.createdAt()).isBefore(Instant.now().plusSeconds(1));
              });
    }
  }

  /** Each index serves in turn, the last one stays behind the alias: all of them are whole. */
  private void serveInTurn(List<String> served) throws IOException {
    for (String index : served) {
      indexes.switchAlias(index);
    }
  }

  private IndexSettings settings(String index) throws IOException {
    IndexSettings all = es.client.indices().getSettings(g -> g.index(index)).get(index).settings();
    return all.index() != null ? all.index() : all;
  }

  private boolean isWriteIndex(String index) throws IOException {
    return Boolean.TRUE.equals(
        es.client
            .indices()
            .getAlias(g -> g.name(indexes.alias()))
            .aliases()
            .get(index)
            .aliases()
            .get(indexes.alias())
            .isWriteIndex());
  }

  private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
