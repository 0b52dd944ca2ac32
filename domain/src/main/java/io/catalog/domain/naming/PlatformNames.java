package io.catalog.domain.naming;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Every externally visible name (docs/architecture.md, "The contract") in one place: topics,
 * consumer groups, the search alias and index prefix, Temporal task queues and fixed workflow ids.
 *
 * <p>Production uses {@link #DEFAULT}. Integration tests use {@link #withPrefix(String)} so that
 * each test owns its own topics, indices and queues on the shared local stack.
 */
public record PlatformNames(String prefix) {

  public static final PlatformNames DEFAULT = new PlatformNames("");

  public static final String PRODUCT_EVENTS = "product.events";
  public static final String PRODUCT_COMMANDS = "product.commands";
  public static final String DLQ_PRODUCT_EVENTS = "dlq.product.events";
  public static final String DLQ_PRODUCT_COMMANDS = "dlq.product.commands";
  public static final String PROJECTION_GROUP = "product-event-projection-group";
  public static final String COMMAND_GROUP = "product-command-consumer-group";
  public static final String SEARCH_ALIAS = "product_search";
  public static final String OUTBOX_TASK_QUEUE = "outbox";
  public static final String PROJECTION_OPS_TASK_QUEUE = "projection-ops";

  private static final String REPLAY_ID_STEM = "replay-" + PROJECTION_GROUP + "-";
  private static final DateTimeFormatter REPLAY_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public PlatformNames {
    if (prefix == null || !prefix.matches("[a-z0-9_-]*")) {
      throw new IllegalArgumentException("prefix must match [a-z0-9_-]*: " + prefix);
    }
  }

  public static PlatformNames withPrefix(String prefix) {
    return new PlatformNames(prefix);
  }

  public String productEvents() {
    return prefix + PRODUCT_EVENTS;
  }

  public String productCommands() {
    return prefix + PRODUCT_COMMANDS;
  }

  public String dlqProductEvents() {
    return prefix + DLQ_PRODUCT_EVENTS;
  }

  public String dlqProductCommands() {
    return prefix + DLQ_PRODUCT_COMMANDS;
  }

  public String projectionGroup() {
    return prefix + PROJECTION_GROUP;
  }

  public String commandGroup() {
    return prefix + COMMAND_GROUP;
  }

  public String searchAlias() {
    return prefix + SEARCH_ALIAS;
  }

  /** Concrete indices are {@code product_search_v{mapping}_{yyyyMMdd_HHmmss}} behind the alias. */
  public String searchIndexPrefix() {
    return prefix + SEARCH_ALIAS + "_v";
  }

  /** Whether {@code name} is one of this prefix's concrete search indices (not the alias). */
  public boolean isSearchIndex(String name) {
    String indexPrefix = searchIndexPrefix();
    return name != null
        && name.startsWith(indexPrefix)
        && name.substring(indexPrefix.length()).matches("\\d+_\\d{8}_\\d{6}");
  }

  public String outboxTaskQueue() {
    return prefix + OUTBOX_TASK_QUEUE;
  }

  public String projectionOpsTaskQueue() {
    return prefix + PROJECTION_OPS_TASK_QUEUE;
  }

  public String outboxPublisherWorkflowId(int shard) {
    return prefix + "outbox-publisher-" + shard;
  }

  public String rebuildWorkflowId() {
    return prefix + "product-search-rebuild";
  }

  /** {@code product-search-rollback}: moves the alias back; one at a time, like the rebuild. */
  public String rollbackWorkflowId() {
    return prefix + "product-search-rollback";
  }

  /**
   * {@code replay-product-event-projection-group-20260110T120045Z}: the read model's group (whose
   * offsets a replay leaves alone) and the second the replay started, in UTC.
   */
  public String replayWorkflowId(Instant startedAt) {
    return prefix + REPLAY_ID_STEM + REPLAY_STAMP.format(startedAt);
  }

  /** Whether {@code id} is a replay's workflow id under this prefix. */
  public boolean isReplayWorkflowId(String id) {
    return id != null
        && id.startsWith(prefix + REPLAY_ID_STEM)
        && id.substring(prefix.length() + REPLAY_ID_STEM.length()).matches("\\d{8}T\\d{6}Z");
  }

  public String dlqTriageWorkflowId() {
    return prefix + "dlq-triage";
  }

  /** Manual runs of the drift reconciliation; the schedule's runs add their start time. */
  public String reconciliationWorkflowId() {
    return prefix + "search-reconciliation";
  }

  /** Temporal Schedule that runs the drift reconciliation. */
  public String reconciliationScheduleId() {
    return prefix + "search-reconciliation";
  }

  /** Temporal Schedule that deletes old PUBLISHED outbox rows. */
  public String outboxCleanupScheduleId() {
    return prefix + "outbox-cleanup";
  }
}
