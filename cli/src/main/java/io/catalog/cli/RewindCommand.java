package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.kafka.ConsumerGroupOffsets;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rewind",
    description = {
      "Move a read-side consumer group's offsets (like `kafka-consumer-groups --reset-offsets`).",
      "Without --execute it only prints the plan. Refuses the write-side command group (never",
      "rewound) and any group with active members: stop the consumer first."
    })
final class RewindCommand extends OpsCommand {
  @Option(
      names = "--group",
      required = true,
      description = "Consumer group, e.g. " + PlatformNames.PROJECTION_GROUP + ".")
  String group;

  @Option(
      names = "--topic",
      description =
          "Topic, optionally with one partition: product.events or product.events:0 (default: ${DEFAULT-VALUE}).")
  String topic = PlatformNames.PRODUCT_EVENTS;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--to-earliest", description = "Back to the start of the log.")
    boolean earliest;

    @Option(names = "--to-offset", description = "To this offset (clamped to the log's range).")
    Long offset;

    @Option(
        names = "--to-datetime",
        description =
            "To the first offset at or after this ISO-8601 time, e.g. 2026-01-10T12:00:00Z.")
    String datetime;
  }

  @Option(names = "--execute", description = "Apply the plan (default: dry run).")
  boolean execute;

  @Override
  public Integer call() throws Exception {
    Instant at = target.datetime == null ? null : parseInstant(target.datetime);
    Endpoints s = platform.endpoints();
    String prefixed = PrefixedNames.of(s.namePrefix(), group);
    if (prefixed.equals(s.namePrefix() + PlatformNames.COMMAND_GROUP)) {
      throw new IllegalStateException(
          "refusing to rewind "
              + prefixed
              + ": the write-side command consumer is never rewound (it would apply commands twice)");
    }
    String[] parts = topic.split(":", 2);
    String topicName = PrefixedNames.of(s.namePrefix(), parts[0]);
    Integer partition = parts.length == 2 ? parsePartition(parts[1]) : null;
    try (ConsumerGroupOffsets kafka = new ConsumerGroupOffsets(s.kafkaBootstrap())) {
      ConsumerGroupDescription description = kafka.describe(prefixed);
      if (!description.members().isEmpty()) {
        throw new IllegalStateException(
            "refusing to rewind "
                + prefixed
                + ": it has "
                + description.members().size()
                + " active member(s); stop the consumer first (it must show 'has no active members')");
      }
      apply(kafka, prefixed, plan(kafka, prefixed, topicName, partition, at));
    }
    return 0;
  }

  /** The new offset of each partition asked for, clamped to the log's range; printed as a table. */
  private Map<TopicPartition, OffsetAndMetadata> plan(
      ConsumerGroupOffsets kafka, String prefixed, String topicName, Integer partition, Instant at)
      throws Exception {
    Map<TopicPartition, Long> earliest = kafka.offsets(topicName, OffsetSpec.earliest());
    Map<TopicPartition, Long> latest = kafka.offsets(topicName, OffsetSpec.latest());
    Map<TopicPartition, Long> wanted = resolve(kafka, topicName, earliest, latest, at);
    Map<TopicPartition, Long> current = kafka.committed(prefixed);
    Map<TopicPartition, OffsetAndMetadata> plan = new HashMap<>();
    Table table = new Table("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET");
    for (var e : wanted.entrySet()) {
      if (partition != null && e.getKey().partition() != partition) {
        continue;
      }
      long target =
          Math.max(earliest.get(e.getKey()), Math.min(latest.get(e.getKey()), e.getValue()));
      plan.put(e.getKey(), new OffsetAndMetadata(target));
      table.row(
          prefixed,
          topicName,
          e.getKey().partition(),
          current.getOrDefault(e.getKey(), -1L) < 0 ? "-" : current.get(e.getKey()),
          target);
    }
    output.print(table);
    return plan;
  }

  /** Moves the offsets with --execute; says what happened (to people: JSON is the table only). */
  private void apply(
      ConsumerGroupOffsets kafka, String prefixed, Map<TopicPartition, OffsetAndMetadata> plan)
      throws Exception {
    PrintWriter out = output.out();
    if (!execute) {
      if (!output.json()) {
        out.println("dry run: nothing changed; add --execute to apply");
      }
    } else {
      kafka.admin().alterConsumerGroupOffsets(prefixed, plan).all().get(30, TimeUnit.SECONDS);
      if (!output.json()) {
        out.println("offsets of " + prefixed + " moved; start the consumer to re-read");
      }
    }
    out.flush();
  }

  private Map<TopicPartition, Long> resolve(
      ConsumerGroupOffsets kafka,
      String topicName,
      Map<TopicPartition, Long> earliest,
      Map<TopicPartition, Long> latest,
      Instant at)
      throws Exception {
    if (target.earliest) {
      return earliest;
    }
    if (target.offset != null) {
      Map<TopicPartition, Long> fixed = new HashMap<>();
      earliest.keySet().forEach(tp -> fixed.put(tp, target.offset));
      return fixed;
    }
    Map<TopicPartition, Long> byTime =
        kafka.offsets(topicName, OffsetSpec.forTimestamp(at.toEpochMilli()));
    Map<TopicPartition, Long> resolved = new HashMap<>();
    byTime.forEach((tp, offset) -> resolved.put(tp, offset < 0 ? latest.get(tp) : offset));
    return resolved;
  }

  private Instant parseInstant(String value) {
    try {
      return Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw output.usageError(
          "--to-datetime must be an ISO-8601 instant such as 2026-01-10T12:00:00Z");
    }
  }

  private Integer parsePartition(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw output.usageError("--topic partition must be a number: " + topic);
    }
  }
}
