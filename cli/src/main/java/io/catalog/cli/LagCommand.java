package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.kafka.ConsumerGroupOffsets;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "lag",
    description = {
      "Consumer-group lag per partition, like `kafka-consumer-groups --describe`.",
      "Lag > 0 means the consumer is behind; a partition with no committed offset shows '-'."
    })
final class LagCommand extends OpsCommand {
  @Option(names = "--group", description = "Consumer group (default: ${DEFAULT-VALUE}).")
  String group = PlatformNames.PROJECTION_GROUP;

  @Option(
      names = "--watch",
      description = "Print again every N seconds until Ctrl-C (default 2 when given).",
      arity = "0..1",
      fallbackValue = "2")
  Integer watchSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = output.out();
    Endpoints s = platform.endpoints();
    String group = PrefixedNames.of(s.namePrefix(), this.group);
    try (ConsumerGroupOffsets kafka = new ConsumerGroupOffsets(s.kafkaBootstrap())) {
      do {
        output.print(table(kafka, group));
        if (watchSeconds != null) {
          out.println(
              "-- "
                  + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                  + ", every "
                  + watchSeconds
                  + " s, Ctrl-C to stop");
          out.flush();
          Thread.sleep(watchSeconds * 1000L);
        }
      } while (watchSeconds != null);
    }
    return 0;
  }

  static Table table(ConsumerGroupOffsets kafka, String group) throws Exception {
    ConsumerGroupDescription description = kafka.describe(group);
    Map<TopicPartition, Long> committed = kafka.committed(group);
    Table table =
        new Table(
            "GROUP",
            "TOPIC",
            "PARTITION",
            "CURRENT-OFFSET",
            "LOG-END-OFFSET",
            "LAG",
            "CONSUMER-ID");
    for (String topic :
        committed.keySet().stream().map(TopicPartition::topic).distinct().toList()) {
      Map<TopicPartition, Long> end = kafka.offsets(topic, OffsetSpec.latest());
      for (var e : end.entrySet()) {
        Long current = committed.get(e.getKey());
        String owner =
            description.members().stream()
                .filter(m -> m.assignment().topicPartitions().contains(e.getKey()))
                .map(MemberDescription::consumerId)
                .findFirst()
                .orElse("-");
        table.row(
            group,
            topic,
            e.getKey().partition(),
            current == null ? "-" : current,
            e.getValue(),
            current == null ? "-" : e.getValue() - current,
            owner);
      }
    }
    if (committed.isEmpty()) {
      table.note(
          "group " + group + " has no committed offsets (state " + description.groupState() + ")");
    }
    return table;
  }
}
