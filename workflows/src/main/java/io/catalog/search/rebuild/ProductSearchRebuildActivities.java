package io.catalog.search.rebuild;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Activities of {@link ProductSearchRebuildWorkflow}, implemented in the workers module.
 *
 * <p>Retries: every method may run more than once. Reads are harmless; each write names its own
 * idempotency key: the index name (creating an existing index of that name returns it, deleting a
 * missing one is a no-op, switching to the current target changes nothing), and for loads the
 * request id plus Elasticsearch's external versioning (a document is never replaced by an older or
 * equal version, so re-reading rows or events writes nothing new). Long activities heartbeat their
 * position and a retried attempt resumes from the last heartbeat.
 */
@ActivityInterface
public interface ProductSearchRebuildActivities {

  /**
   * Reads the alias, the existing indices and the database counts; checks the mapping version.
   * Read-only. Fails without retries (type {@code InvalidInput}) for an unknown mapping version.
   *
   * @param mappingVersion 0 for the newest
   */
  @ActivityMethod(name = "RebuildInspect")
  RebuildPlan inspect(int mappingVersion);

  /**
   * Creates {@code index} from mapping {@code mappingVersion} with refresh disabled and no replicas.
   * The idempotency key is the name itself (with its timestamp {@code createdAtMillis}, fixed by
   * the workflow): a retry finds the index already there and succeeds.
   */
  @ActivityMethod(name = "RebuildCreateIndex")
  String createIndex(String index, int mappingVersion, long createdAtMillis);

  /**
   * Deletes {@code index}; a missing index counts as deleted (a compensation may run whether or not
   * its step did). Refuses to delete the index the alias points at.
   *
   * @return whether an index was deleted
   */
  @ActivityMethod(name = "RebuildDeleteIndex")
  boolean deleteIndex(String index);

  /** Beginning and end offsets of every partition of {@code product.events}. Read-only. */
  @ActivityMethod(name = "RebuildRecordEndOffsets")
  OffsetsSnapshot recordEndOffsets();

  /** One chunk of the load from the database; heartbeats its position after every page. */
  @ActivityMethod(name = "RebuildLoadFromDatabase")
  DatabaseLoadResult loadFromDatabase(DatabaseLoadRequest request);

  /**
   * One chunk of copying events from {@code product.events} (the Kafka load and the catch-ups),
   * with a consumer without a group; heartbeats its per-partition position after every batch.
   */
  @ActivityMethod(name = "RebuildCopyEvents")
  EventCopyResult copyEvents(EventCopyRequest request);

  /**
   * Refreshes the new index and compares it with the database. Read-only; reports differences and
   * never throws for them (the workflow decides).
   */
  @ActivityMethod(name = "RebuildValidate")
  ValidationReport validate(ValidationRequest request);

  /** Puts back the mapping's refresh interval and replicas, then refreshes. Idempotent. */
  @ActivityMethod(name = "RebuildRestoreSettings")
  void restoreSettings(String index);

  /**
   * Points the alias at {@code index} only, in one atomic {@code POST /_aliases}. Idempotent: when
   * the alias already points at {@code index} alone nothing changes.
   */
  @ActivityMethod(name = "RebuildSwitchAlias")
  void switchAlias(String index);

  /**
   * The switch's compensation: points the alias back at {@code previousIndex} atomically, or, when
   * there was no alias before ({@code previousIndex} null), removes it from {@code newIndex}. A
   * no-op when the switch never happened.
   */
  @ActivityMethod(name = "RebuildRestoreAlias")
  void restoreAlias(String previousIndex, String newIndex);

  /**
   * Deletes indices older than the alias target beyond the newest {@code keepPrevious}; never the
   * target or the one before it. Idempotent.
   */
  @ActivityMethod(name = "RebuildDeleteOldIndices")
  List<String> deleteOldIndices(int keepPrevious);
}
