package io.catalog.domain.naming;

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
