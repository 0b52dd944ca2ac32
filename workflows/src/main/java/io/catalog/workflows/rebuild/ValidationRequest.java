package io.catalog.workflows.rebuild;

/**
 * @param index the new index, before the switch
 * @param sampleSize documents compared field by field with their rows
 * @param seed picks the sample; fixed by the workflow so a retry checks the same documents
 * @param caughtUpToMicros database time just before the last catch-up read its end offsets: an
 *     event published before it must be in the index; a later one may still be on its way
 */
public record ValidationRequest(String index, int sampleSize, long seed, long caughtUpToMicros) {}
