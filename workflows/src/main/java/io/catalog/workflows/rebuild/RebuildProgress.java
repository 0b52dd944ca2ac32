package io.catalog.workflows.rebuild;

/**
 * Answer of the {@code progress} query (docs/architecture.md, "Workflows, signals and queries": at
 * least phase, processed, total, paused).
 *
 * @param phase {@code starting}, {@code inspecting}, {@code creating-index}, {@code
 *     recording-offsets}, {@code loading}, {@code catching-up}, {@code validating}, {@code
 *     restoring-settings}, {@code switching-alias}, {@code final-catch-up}, {@code cleaning-up},
 *     {@code deleting-dry-run-index}, {@code compensating}, then {@code done}, {@code failed} or
 *     {@code cancelled}
 * @param processed documents indexed so far (load and catch-ups, re-reads included)
 * @param total what is known to be coming: rows (or records) of the load plus the events of the
 *     catch-ups whose end is known
 * @param pauseNote who paused and why (the {@code pause} signal's input), null when not paused or
 *     paused without a note
 * @param ratePerSecond documents per second since the load began
 * @param etaSeconds seconds until {@code total} at that rate; -1 when unknown
 * @param index the new index (null before it is named)
 * @param previousIndex where the alias pointed before the rebuild (null when there was none)
 * @param loadResumes load chunks finished by a later attempt that resumed from a heartbeat
 * @param resumedAfter documents those attempts did not have to load again
 */
public record RebuildProgress(
    String phase,
    long processed,
    long total,
    boolean paused,
    String pauseNote,
    double ratePerSecond,
    long etaSeconds,
    String index,
    String source,
    String previousIndex,
    int mappingVersion,
    boolean dryRun,
    int loadResumes,
    long resumedAfter,
    String lastError) {}
