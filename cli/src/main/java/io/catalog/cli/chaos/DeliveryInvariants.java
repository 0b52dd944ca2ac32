package io.catalog.cli.chaos;

import io.catalog.domain.json.Json;
import io.catalog.testkit.TopicReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every committed change has one outbox event, and every event is on Kafka, in order per product.
 */
final class DeliveryInvariants extends InvariantGroup {
  DeliveryInvariants(InvariantGroup sameRun) {
    super(sameRun);
  }

  void outbox() throws InterruptedException {
    Polling.await(Invariants.SETTLE, () -> count(ChaosSql.OUTBOX_PENDING) == 0);
    long pending = count(ChaosSql.OUTBOX_PENDING);
    long failed = count(ChaosSql.OUTBOX_FAILED);
    long failedWithoutCause = count(ChaosSql.OUTBOX_FAILED_WITHOUT_CAUSE);
    report.check(
        "no outbox row PENDING, none FAILED without a cause",
        pending == 0 && failedWithoutCause == 0,
        count(ChaosSql.OUTBOX_ROWS)
            + " rows: "
            + pending
            + " pending, "
            + failed
            + " failed ("
            + failedWithoutCause
            + " without a cause)");
    long versionsWithoutEvent = count(ChaosSql.PRODUCTS_WHOSE_VERSION_IS_NOT_THEIR_EVENT_COUNT);
    report.check(
        "every committed product change has exactly one outbox event",
        versionsWithoutEvent == 0,
        count(ChaosSql.PRODUCTS)
            + " products, "
            + versionsWithoutEvent
            + " whose version differs from their event count");
  }

  /** Every event on Kafka under its own event_id, and each product's versions in order. */
  void kafka() {
    Set<String> outboxIds = texts(ChaosSql.OUTBOX_EVENT_IDS);
    List<ConsumerRecord<String, String>> onTopic =
        TopicReader.readAll(kafka, names.productEvents()).stream()
            .filter(
                r -> !commands.poisonEvents.contains(r.key())) // the broken records sent on purpose
            .toList();
    Set<String> topicIds =
        onTopic.stream().map(r -> header(r, "event_id")).collect(Collectors.toSet());
    Set<String> missing = new HashSet<>(outboxIds);
    missing.removeAll(topicIds);
    Set<String> unknown = new HashSet<>(topicIds);
    unknown.removeAll(outboxIds);
    report.check(
        "every committed change is on Kafka",
        missing.isEmpty() && unknown.isEmpty(),
        outboxIds.size()
            + " events in the outbox, "
            + onTopic.size()
            + " records ("
            + topicIds.size()
            + " distinct event ids) on "
            + names.productEvents()
            + "; missing "
            + missing.size()
            + ", unknown "
            + unknown.size());
    KafkaOrder.Verdict order =
        KafkaOrder.check(onTopic.stream().map(DeliveryInvariants::event).toList());
    report.check(
        "each product's versions are strictly increasing on Kafka",
        order.holds(),
        order.products()
            + " products, "
            + order.updated()
            + " with several versions (up to "
            + order.longest()
            + "); "
            + order.redeliveries()
            + " redelivered records skipped; "
            + order.violationCount()
            + " out of order"
            + (order.violations().isEmpty() ? "" : ", first: " + order.violations()));
  }

  private static KafkaOrder.Event event(ConsumerRecord<String, String> r) {
    long version;
    try {
      version = Json.mapper().readTree(r.value()).path("aggregate_version").asLong(-1);
    } catch (Exception e) {
      version = -1; // not JSON: shows up as out of order rather than being skipped
    }
    return new KafkaOrder.Event(r.key(), r.partition(), r.offset(), header(r, "event_id"), version);
  }
}
