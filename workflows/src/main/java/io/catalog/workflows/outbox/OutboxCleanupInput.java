package io.catalog.workflows.outbox;

import io.catalog.workflows.OperatorInput;
import java.time.Duration;

/**
 * Input of {@link OutboxCleanupWorkflow}: {@code {"olderThan":"P7D","batchSize":10000}}, every
 * field optional. {@code olderThan} is an ISO-8601 duration: PUBLISHED rows published longer ago
 * than that are deleted.
 */
@OperatorInput
public record OutboxCleanupInput(String olderThan, Integer batchSize) {
  public static final Duration DEFAULT_OLDER_THAN = Duration.ofDays(7);
  public static final int DEFAULT_BATCH_SIZE = 10_000;

  public Duration olderThanDuration() {
    return olderThan == null || olderThan.isBlank()
        ? DEFAULT_OLDER_THAN
        : Duration.parse(olderThan);
  }

  public int batchSizeOrDefault() {
    return batchSize != null ? batchSize : DEFAULT_BATCH_SIZE;
  }
}
