package io.catalog.cli.chaos;

import io.catalog.testkit.TopicReader;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Dead letters: exactly the broken commands and events sent on purpose, every broken event parked.
 */
final class DeadLetterInvariants extends InvariantGroup {
  DeadLetterInvariants(InvariantGroup sameRun) {
    super(sameRun);
  }

  /**
   * Exactly the broken commands and events sent on purpose, every broken event parked by triage.
   */
  void check() throws InterruptedException {
    Polling.await(
        Invariants.SETTLE,
        () ->
            dlqKeys(names.dlqProductCommands()).containsAll(commands.poisonAcknowledged)
                && parkedKeys().containsAll(commands.poisonEventsAcknowledged));
    Set<String> dlqCommands = dlqKeys(names.dlqProductCommands());
    Set<String> dlqEvents = dlqKeys(names.dlqProductEvents());
    Set<String> parked = parkedKeys();
    long strayCommands = dlqCommands.stream().filter(k -> !commands.poison.contains(k)).count();
    long strayEvents = dlqEvents.stream().filter(k -> !commands.poisonEvents.contains(k)).count();
    long strayParked = parked.stream().filter(k -> !commands.poisonEvents.contains(k)).count();
    long commandsMissing =
        commands.poisonAcknowledged.stream().filter(k -> !dlqCommands.contains(k)).count();
    long eventsNotParked =
        commands.poisonEventsAcknowledged.stream().filter(k -> !parked.contains(k)).count();
    Map<String, Long> classes =
        new TreeMap<>(
            jdbi
                .withHandle(
                    h ->
                        h.createQuery(ChaosSql.PARKED_BY_CLASS)
                            .map(
                                (rs, ctx) ->
                                    Map.entry(rs.getString("error_class"), rs.getLong("n")))
                            .list())
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    report.check(
        "no dead-letter entry is unexplained",
        strayCommands + strayEvents + strayParked + commandsMissing + eventsNotParked == 0,
        commands.poison.size()
            + " broken commands sent, "
            + dlqCommands.size()
            + " dead-lettered ("
            + strayCommands
            + " others, "
            + commandsMissing
            + " missing); "
            + commands.poisonEvents.size()
            + " broken events sent, "
            + dlqEvents.size()
            + " dead-lettered ("
            + strayEvents
            + " others), "
            + parked.size()
            + " parked by triage "
            + classes
            + " ("
            + strayParked
            + " others, "
            + eventsNotParked
            + " not parked)");
  }

  private Set<String> parkedKeys() {
    return texts(ChaosSql.PARKED_KEYS);
  }

  private Set<String> dlqKeys(String topic) {
    return TopicReader.readAll(kafka, topic).stream()
        .map(ConsumerRecord::key)
        .collect(Collectors.toSet());
  }
}
