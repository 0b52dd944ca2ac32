package io.catalog.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.EsFailure;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administers the concrete indices behind the search alias (docs/architecture.md, "Search
 * indices"): every index is an immutable snapshot {@code
 * product_search_v{mapping}_{yyyyMMdd_HHmmss}}, readers and the live projection only ever name the
 * alias, and a rebuild moves the alias atomically.
 *
 * <p>Every method is safe to retry: creating an index that already exists returns its name,
 * deleting one that is gone is a no-op, and switching to the index the alias already targets
 * changes nothing. That is what lets Temporal activities call them with at-least-once semantics.
 *
 * <p>Creating indices and their settings are here; the alias is {@link SearchAlias}'s, the states
 * in {@code _meta} {@link IndexStates}', listing and deletion {@link IndexRetention}'s, the names
 * {@link IndexNaming}'s.
 */
public final class SearchIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndexes.class);

  private final ElasticsearchClient client;
  private final Clock clock;
  private final IndexNaming naming;
  private final IndexStates states;
  private final SearchAlias searchAlias;
  private final IndexRetention retention;

  public SearchIndexes(ElasticsearchClient client, PlatformNames names) {
    this(client, names, Clock.systemUTC());
  }

  public SearchIndexes(ElasticsearchClient client, PlatformNames names, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.naming = new IndexNaming(names);
    this.states = new IndexStates(client, naming);
    this.searchAlias = new SearchAlias(client, naming, states, clock);
    this.retention = new IndexRetention(client, naming, states, searchAlias);
  }

  public String alias() {
    return naming.alias();
  }

  /** {@code product_search_v{m}_{yyyyMMdd_HHmmss}} in UTC, behind the configured name prefix. */
  public String indexName(int mappingVersion, Instant now) {
    return naming.indexName(mappingVersion, now);
  }

  /**
   * Creates a concrete index from mapping {@code mappingVersion}, not yet behind the alias.
   *
   * @param now the idempotency key: a retry with the same instant finds its own index and returns
   *     its name instead of failing
   * @param bulkLoadSettings no refreshes and no replicas until {@link #restoreSettings(String)},
   *     which is what a rebuild's load wants
   * @return the index name
   */
  public String createIndex(int mappingVersion, Instant now, boolean bulkLoadSettings)
      throws IOException {
    String index = indexName(mappingVersion, now);
    ObjectNode body = MappingVersion.load(mappingVersion);
    ((ObjectNode) body.get("mappings")).set("_meta", IndexState.created(clock.instant()).toMeta());
    if (bulkLoadSettings) {
      ObjectNode settings = (ObjectNode) body.path("settings").path("index");
      settings.put("refresh_interval", "-1");
      settings.put("auto_expand_replicas", "false");
      settings.put("number_of_replicas", 0);
    }
    try {
      create(index, body);
      LOG.info(
          "created search index {} (mapping v{}, bulk load {})",
          index,
          mappingVersion,
          bulkLoadSettings);
    } catch (ElasticsearchException | IOException e) {
      if (!EsFailure.isType(e, "resource_already_exists_exception")) {
        throw e;
      }
      LOG.info("search index {} already exists: a retry of the same create", index);
    }
    return index;
  }

  /** Puts back the refresh interval and replicas of the index's mapping file, then refreshes. */
  public void restoreSettings(String index) throws IOException {
    ObjectNode settings = MappingVersion.indexSettings(mappingVersionOf(index)).deepCopy();
    // Static settings cannot change on an open index; auto_expand_replicas re-derives the count.
    settings.remove("number_of_shards");
    String json = Json.write(settings);
    client.indices().putSettings(p -> p.index(index).withJson(new StringReader(json)));
    refresh(index);
  }

  /**
   * The mapping file's refresh interval on an index created before the file changed it (1 s until
   * 250 ms was measured best for write→searchable latency, docs/benchmarks.md), so the live index
   * follows the file without a rebuild. A dynamic setting: no reopen, no reindex.
   */
  void applyRefreshInterval(String index) throws IOException {
    JsonNode interval =
        MappingVersion.indexSettings(mappingVersionOf(index)).get("refresh_interval");
    if (interval == null) {
      return;
    }
    String json = Json.write(Map.of("refresh_interval", interval.asText()));
    client.indices().putSettings(p -> p.index(index).withJson(new StringReader(json)));
  }

  public void refresh(String indexOrAlias) throws IOException {
    client.indices().refresh(r -> r.index(indexOrAlias));
  }

  public long count(String indexOrAlias) throws IOException {
    return client.count(c -> c.index(indexOrAlias)).count();
  }

  /**
   * Makes sure the alias exists, creating the first index from the newest mapping if not.
   *
   * <p>The index is created together with the alias as its write index, in one request. Two
   * processes racing here cannot both win: Elasticsearch refuses a second write index for one alias
   * (and a same-second name clash is refused as already existing), so the loser's index is never
   * created and it reads the winner's target.
   *
   * @return the index the alias points at
   */
  public String ensureAlias() throws IOException {
    Optional<String> existing = aliasTarget();
    if (existing.isPresent()) {
      applyRefreshInterval(existing.get());
      return existing.get();
    }
    String index = indexName(MappingVersion.NEWEST, clock.instant());
    ObjectNode body = MappingVersion.load(MappingVersion.NEWEST);
    Instant now = clock.instant();
    // Served from its first moment, so it is whole although no rebuild ever validated it.
    ((ObjectNode) body.get("mappings")).set("_meta", IndexState.created(now).served(now).toMeta());
    body.putObject("aliases").putObject(alias()).put("is_write_index", true);
    try {
      create(index, body);
      LOG.info("created search index {} behind new alias {}", index, alias());
      return index;
    } catch (ElasticsearchException | IOException e) {
      // Elasticsearch answers the second write index with a 500 illegal_state_exception.
      if (!EsFailure.isType(e, "resource_already_exists_exception")
          && !EsFailure.isType(e, "illegal_state_exception")
          && !EsFailure.isType(e, "invalid_alias_name_exception")) {
        throw e;
      }
      LOG.info("another process created alias {} first ({})", alias(), e.getMessage());
      return aliasTarget()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "alias " + alias() + " could not be created and does not exist", e));
    }
  }

  /**
   * The index the alias points at. When (through a hand edit) it points at several, the write index
   * is the answer; a switch puts the alias back on exactly one.
   */
  public Optional<String> aliasTarget() throws IOException {
    return searchAlias.target();
  }

  /** Every index holding the alias: one, except by hand edits or before the first index. */
  public List<String> aliasHolders() throws IOException {
    return searchAlias.holders();
  }

  /** {@link #switchAlias(String, Map)} without known positions: see there. */
  public void switchAlias(String newIndex) throws IOException {
    switchAlias(newIndex, null);
  }

  /**
   * Points the alias at {@code newIndex} only, in one atomic {@code POST /_aliases}: remove from
   * every index holding it, add to the new one as write index. Readers see the old index or the new
   * one, never none and never both. Each remove carries {@code must_exist}, so when another writer
   * moved the alias between our read and our switch the whole request fails and is redone against a
   * fresh read.
   *
   * <p>Just before the move, {@code newIndex} is marked served and every index losing the alias
   * retired with {@code retiredPositions}: a later rollback to it copies the events from there.
   *
   * @param retiredPositions per-partition offsets of {@code product.events} below which every event
   *     is in the indices losing the alias (the live projection's committed offsets, read before
   *     this call); null when unknown, so a rollback to them copies from the beginning
   */
  public void switchAlias(String newIndex, Map<Integer, Long> retiredPositions) throws IOException {
    searchAlias.switchTo(newIndex, retiredPositions);
  }

  /** The state in {@code index}'s mapping {@code _meta}; {@link IndexState#UNKNOWN} without one. */
  public IndexState state(String index) throws IOException {
    return states.state(index);
  }

  /** Marks {@code index} validated against the database (it becomes a rollback target). */
  public void markValidated(String index) throws IOException {
    states.write(index, states.state(index).validated(clock.instant()));
  }

  /**
   * Replaces the state in {@code index}'s mapping {@code _meta} (a mapping update replaces the
   * whole {@code _meta} object, hence read, change, write; only one rebuild or rollback runs at a
   * time).
   */
  public void writeState(String index, IndexState state) throws IOException {
    states.write(index, state);
  }

  /** The product-search indices of this name prefix, oldest first. */
  public List<IndexInfo> listIndices() throws IOException {
    return retention.list();
  }

  /**
   * Deletes one index; an index that does not exist counts as deleted, so a saga compensation can
   * call this whether or not its step ran. Refuses the alias target.
   *
   * @return whether an index was actually deleted
   */
  public boolean deleteIndex(String name) throws IOException {
    return retention.delete(name);
  }

  /**
   * Retention: keeps the alias target, every index newer than it (a rebuild in progress) and the
   * newest {@code max(keepPrevious, 1)} <em>whole</em> indices older than it (validated or ever
   * served, see {@link IndexState#whole()}), so the rollback target always stays. Deletes the other
   * older indices: whole ones beyond that count, and those that never were whole (a failed rebuild
   * whose delete compensation failed left them half loaded). Without an alias nothing is deleted.
   *
   * @return the names deleted
   */
  public List<String> deleteOldIndices(int keepPrevious) throws IOException {
    return retention.deleteOld(keepPrevious);
  }

  /**
   * The rollback target: the newest whole index created before the alias target (never a
   * half-loaded orphan, whatever its creation time).
   */
  public Optional<String> previousWholeIndex() throws IOException {
    return retention.previousWhole();
  }

  /** The mapping version encoded in an index name of this prefix. */
  public int mappingVersionOf(String index) {
    return naming.mappingVersionOf(index);
  }

  private void create(String index, ObjectNode body) throws IOException {
    String json = Json.write(body);
    client.indices().create(c -> c.index(index).withJson(new StringReader(json)));
  }
}
