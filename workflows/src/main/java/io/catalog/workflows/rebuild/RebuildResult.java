package io.catalog.workflows.rebuild;

import java.util.List;
import java.util.Map;

/**
 * What a finished rebuild did.
 *
 * @param index the new index (deleted again on a dry run)
 * @param previousIndex where the alias pointed before (null when it did not exist)
 * @param loaded documents indexed by the load
 * @param caughtUp events applied by the catch-up before validation
 * @param finalCaughtUp events applied through the alias after the switch
 * @param finalPosition per-partition offsets of {@code product.events} the rebuild read up to:
 *     every event before them is in the new index (empty on a dry run, which stops before the
 *     switch)
 * @param deletedIndices old indices deleted by the cleanup
 * @param cleanupError why the cleanup failed (the rebuild still succeeded); null when it did not
 * @param phaseMillis workflow time spent in each phase, in order
 */
public record RebuildResult(
    String index,
    String previousIndex,
    String source,
    int mappingVersion,
    boolean dryRun,
    long loaded,
    long caughtUp,
    long finalCaughtUp,
    Map<Integer, Long> finalPosition,
    int loadResumes,
    long resumedAfter,
    ValidationReport validation,
    List<String> deletedIndices,
    String cleanupError,
    Map<String, Long> phaseMillis) {}
