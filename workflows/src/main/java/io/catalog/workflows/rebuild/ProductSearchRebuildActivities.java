package io.catalog.workflows.rebuild;

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
   * Creates {@code index} from mapping {@code mappingVersion} with refresh disabled and no
   * replicas. The idempotency key is the name itself (with its timestamp {@code createdAtMillis},
   * fixed by the workflow): a retry finds the index already there and succeeds.
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

  /**
   * One chunk of the load from the database: keyset pages after the request's {@code afterId} for
   * about {@code maxSeconds}. Heartbeats after every page the last id written (every page before it
   * acknowledged too) and the counts; a retried attempt resumes after that id with those counts
   * instead of starting the chunk over.
   *
   * @return where the next chunk starts and whether the table is exhausted
   */
  @ActivityMethod(name = "RebuildLoadFromDatabase")
  DatabaseLoadResult loadFromDatabase(DatabaseLoadRequest request);

  /**
   * One chunk of copying events from {@code product.events} (the Kafka load and the catch-ups),
   * with a consumer without a group, towards the request's {@code until} (or the end offsets read
   * when the chunk starts) for about {@code maxSeconds}. Heartbeats after every batch its
   * per-partition position, that end and the counts; a retried attempt resumes there and stops at
   * the same end.
   *
   * @return the positions reached (the next chunk starts there), the end, and whether every
   *     partition reached it
   */
  @ActivityMethod(name = "RebuildCopyEvents")
  EventCopyResult copyEvents(EventCopyRequest request);

  /**
   * Refreshes the new index and compares it with the database. Reports differences and never throws
   * for them (the workflow decides); a comparison without differences marks the index {@code
   * validated} in its mapping {@code _meta} (idempotent), which makes it a rollback target.
   */
  @ActivityMethod(name = "RebuildValidate")
  ValidationReport validate(ValidationRequest request);

  /** Puts back the mapping's refresh interval and replicas, then refreshes. Idempotent. */
  @ActivityMethod(name = "RebuildRestoreSettings")
  void restoreSettings(String index);

  /**
   * Points the alias at {@code index} only, in one atomic {@code POST /_aliases}. Just before, it
   * marks {@code index} served and the index losing the alias retired with the live projection's
   * committed offsets of {@code product.events}, from which a rollback to it catches up.
   * Idempotent: when the alias already points at {@code index} alone nothing changes.
   */
  @ActivityMethod(name = "RebuildSwitchAlias")
  void switchAlias(String index);

  /**
   * The switch's compensation: points the alias back at {@code previousIndex} without losing a
   * write. It copies {@code product.events} into {@code previousIndex} from the offsets recorded
   * when it lost the alias, moves the alias atomically, then copies what arrived meanwhile; it
   * heartbeats while copying. When there was no alias before ({@code previousIndex} null) it
   * removes it from {@code newIndex}. A no-op when the switch never happened; a retry after the
   * move finishes the last copy.
   */
  @ActivityMethod(name = "RebuildRestoreAlias")
  void restoreAlias(String previousIndex, String newIndex);

  /**
   * Retention: deletes indices older than the alias target except the newest {@code
   * max(keepPrevious, 1)} of those that are whole (validated or ever served); an index that never
   * was whole (a failed rebuild's leftover) is deleted whatever its age, the rollback target never.
   * Idempotent.
   */
  @ActivityMethod(name = "RebuildDeleteOldIndices")
  List<String> deleteOldIndices(int keepPrevious);

  /**
   * Counts a rebuild whose compensation failed ({@code rebuild_compensation_failures} on the
   * workers' /metrics) and logs what was left behind. A retry counts it again, which errs on the
   * side of being seen.
   */
  @ActivityMethod(name = "RebuildReportCompensationFailure")
  void reportCompensationFailure(String rebuild, String error);
}
