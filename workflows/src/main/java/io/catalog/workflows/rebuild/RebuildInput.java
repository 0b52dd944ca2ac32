package io.catalog.workflows.rebuild;

import static io.catalog.workflows.LongRunning.orDefault;

import io.catalog.workflows.LongRunning;
import io.catalog.workflows.OperatorInput;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Input of {@link ProductSearchRebuildWorkflow}, docs/architecture.md, "Workflows, signals and
 * queries": {@code {"source":"database",
 * "mappingVersion":<newest>,"batchSize":1000,"sampleSize":100,"keepPreviousIndices":2,
 * "dryRun":false}}. Every field is optional: no input at all, {@code {}} (the Web UI's Start
 * Workflow form) and partial objects work; {@link #withDefaults()} fills the gaps. Unknown fields
 * are ignored.
 *
 * @param source {@code database} (the default, the seed runbook's final policy) or {@code kafka}
 *     (replay {@code product.events} from offset 0)
 * @param mappingVersion the {@code elasticsearch/product_search_v{n}.json} to build from; null
 *     means the newest the workers know (resolved by the first activity)
 * @param batchSize documents per {@code _bulk} request and rows per keyset page
 * @param sampleSize documents compared field by field with their rows during validation
 * @param keepPreviousIndices older indices kept after the switch (the one before the new target is
 *     always kept, for a rollback)
 * @param dryRun build and validate, then delete the new index; the alias is never touched
 * @param maxDocsPerSecond throttles the load so a rebuild cannot starve live traffic; 0 = no limit
 * @param chunkSeconds how long one load activity runs before it reports its position back to the
 *     workflow: pause, resume and progress act at that granularity (default 5)
 */
@OperatorInput
public record RebuildInput(
    String source,
    Integer mappingVersion,
    Integer batchSize,
    Integer sampleSize,
    Integer keepPreviousIndices,
    Boolean dryRun,
    Integer maxDocsPerSecond,
    Integer chunkSeconds) {

  public static final String DATABASE = "database";
  public static final String KAFKA = "kafka";
  public static final int DEFAULT_BATCH_SIZE = 1000;
  public static final int DEFAULT_SAMPLE_SIZE = 100;
  public static final int DEFAULT_KEEP_PREVIOUS = 2;
  public static final int DEFAULT_CHUNK_SECONDS = 5;
  public static final int MAX_SAMPLE_SIZE = 100_000;

  /** What a start without input means. */
  public static RebuildInput empty() {
    return new RebuildInput(null, null, null, null, null, null, null, null);
  }

  public static RebuildInput fromDatabase() {
    return empty().withSource(DATABASE);
  }

  public static RebuildInput fromKafka() {
    return empty().withSource(KAFKA);
  }

  public RebuildInput withSource(String newSource) {
    return with(f -> f.source = newSource);
  }

  /**
   * This input with {@code change} made to a copy of its fields, e.g. {@code
   * RebuildInput.fromDatabase().with(f -> f.maxDocsPerSecond = 150)}.
   */
  public RebuildInput with(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return f.toInput();
  }

  /** Same input with every missing field set to its default; {@code mappingVersion} stays null. */
  public RebuildInput withDefaults() {
    return new RebuildInput(
        source == null || source.isBlank() ? DATABASE : source.trim().toLowerCase(Locale.ROOT),
        mappingVersion,
        orDefault(batchSize, DEFAULT_BATCH_SIZE),
        orDefault(sampleSize, DEFAULT_SAMPLE_SIZE),
        orDefault(keepPreviousIndices, DEFAULT_KEEP_PREVIOUS),
        dryRun != null && dryRun,
        orDefault(maxDocsPerSecond, 0),
        orDefault(chunkSeconds, DEFAULT_CHUNK_SECONDS));
  }

  /** Null when the (defaulted) input is usable, otherwise the reason it is not. */
  public String problem() {
    if (!DATABASE.equals(source) && !KAFKA.equals(source)) {
      return "source must be \"database\" or \"kafka\", was \"" + source + "\"";
    }
    if (mappingVersion != null && mappingVersion < 1) {
      return "mappingVersion must be >= 1, was " + mappingVersion;
    }
    String batchProblem = LongRunning.batchSizeProblem(batchSize);
    if (batchProblem != null) {
      return batchProblem;
    }
    if (sampleSize < 0 || sampleSize > MAX_SAMPLE_SIZE) {
      return "sampleSize must be in [0, " + MAX_SAMPLE_SIZE + "], was " + sampleSize;
    }
    if (keepPreviousIndices < 0) {
      return "keepPreviousIndices must be >= 0, was " + keepPreviousIndices;
    }
    if (maxDocsPerSecond < 0) {
      return "maxDocsPerSecond must be >= 0 (0 = no limit), was " + maxDocsPerSecond;
    }
    if (chunkSeconds < 1 || chunkSeconds > 300) {
      return "chunkSeconds must be in [1, 300], was " + chunkSeconds;
    }
    return null;
  }

  public boolean fromKafkaSource() {
    return KAFKA.equals(source);
  }

  /** The fields of an input, as {@link #with} hands them to a change (null means the default). */
  public static final class Fields {
    public String source;
    public Integer mappingVersion;
    public Integer batchSize;
    public Integer sampleSize;
    public Integer keepPreviousIndices;
    public Boolean dryRun;
    public Integer maxDocsPerSecond;
    public Integer chunkSeconds;

    private Fields(RebuildInput in) {
      source = in.source;
      mappingVersion = in.mappingVersion;
      batchSize = in.batchSize;
      sampleSize = in.sampleSize;
      keepPreviousIndices = in.keepPreviousIndices;
      dryRun = in.dryRun;
      maxDocsPerSecond = in.maxDocsPerSecond;
      chunkSeconds = in.chunkSeconds;
    }

    private RebuildInput toInput() {
      return new RebuildInput(
          source,
          mappingVersion,
          batchSize,
          sampleSize,
          keepPreviousIndices,
          dryRun,
          maxDocsPerSecond,
          chunkSeconds);
    }
  }
}
