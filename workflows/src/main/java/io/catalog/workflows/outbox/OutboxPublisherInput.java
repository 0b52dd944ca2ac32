package io.catalog.workflows.outbox;

import static io.catalog.workflows.LongRunning.orDefault;

import io.catalog.workflows.LongRunning;
import io.catalog.workflows.OperatorInput;

/**
 * Input of {@link OutboxPublisherWorkflow}: {@code {"shard":0,"shards":1,"batchSize":500}}. Every
 * field is optional (null input, {@code {}} and partial objects all work, so the Web UI's empty
 * "Start Workflow" form starts shard 0 of 1); {@link #withDefaults()} fills the gaps.
 *
 * <p>The last four fields are carried across continue-as-new and are not meant to be typed in:
 * totals so far, whether the publisher was paused and the note of that pause.
 *
 * @param activitySeconds how long one publish activity runs before it reports back (default 30)
 * @param continueAsNewAfter loop iterations per run before continue-as-new (default 100)
 */
@OperatorInput
public record OutboxPublisherInput(
    Integer shard,
    Integer shards,
    Integer batchSize,
    Integer activitySeconds,
    Integer continueAsNewAfter,
    Long publishedTotal,
    Long sendFailuresTotal,
    Boolean paused,
    String pauseNote) {

  public static final int DEFAULT_SHARD = 0;
  public static final int DEFAULT_SHARDS = 1;
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int DEFAULT_ACTIVITY_SECONDS = 30;
  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 100;

  /** The input of a start with no input at all. */
  public static OutboxPublisherInput empty() {
    return new OutboxPublisherInput(null, null, null, null, null, null, null, null, null);
  }

  public static OutboxPublisherInput of(int shard, int shards, int batchSize) {
    return new OutboxPublisherInput(shard, shards, batchSize, null, null, null, null, null, null);
  }

  /** Same input with every missing field set to its default. */
  public OutboxPublisherInput withDefaults() {
    return new OutboxPublisherInput(
        orDefault(shard, DEFAULT_SHARD),
        orDefault(shards, DEFAULT_SHARDS),
        orDefault(batchSize, DEFAULT_BATCH_SIZE),
        orDefault(activitySeconds, DEFAULT_ACTIVITY_SECONDS),
        orDefault(continueAsNewAfter, DEFAULT_CONTINUE_AS_NEW_AFTER),
        publishedTotal != null ? publishedTotal : 0L,
        sendFailuresTotal != null ? sendFailuresTotal : 0L,
        paused != null && paused,
        pauseNote);
  }

  /** Null when the (defaulted) input is usable, otherwise the reason it is not. */
  public String problem() {
    if (shards < 1) {
      return "shards must be >= 1, was " + shards;
    }
    if (shard < 0 || shard >= shards) {
      return "shard must be in [0, " + shards + "), was " + shard;
    }
    return LongRunning.loopProblem(
        batchSize, "activitySeconds", activitySeconds, continueAsNewAfter);
  }
}
