package io.catalog.workflows.rebuild;

import java.util.Map;

/**
 * One bounded chunk of copying {@code product.events} into the search index: from {@code from}
 * (per-partition offsets) up to {@code until}, for about {@code maxSeconds}.
 *
 * @param requestId the idempotency key ({@code <workflow id>/<run id>/<phase>/<chunk>}); event
 *     writes use external versions, so a retry re-applies nothing newer than the index holds
 * @param target the new concrete index, or the alias (the final catch-up, after the switch)
 * @param until offsets to stop at (exclusive); null means "the end offsets now", which the result
 *     reports so that later chunks of the same phase stop at the same place
 */
public record EventCopyRequest(
    String requestId,
    String target,
    Map<Integer, Long> from,
    Map<Integer, Long> until,
    int batchSize,
    int maxSeconds,
    int maxDocsPerSecond) {}
