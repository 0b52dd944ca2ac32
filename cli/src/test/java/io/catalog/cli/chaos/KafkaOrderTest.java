package io.catalog.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.cli.chaos.KafkaOrder.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaOrderTest {

  @Test
  void versionsRisingPerProductHoldEvenWithARedeliveredBatch() {
    List<Event> topic =
        List.of(
            new Event("a", 0, 0, "a1", 1),
            new Event("b", 1, 0, "b1", 1),
            new Event("a", 0, 1, "a2", 2),
            // the outbox re-sent a batch after a crash: the same event ids again
            new Event("a", 0, 2, "a1", 1),
            new Event("a", 0, 3, "a2", 2),
            new Event("a", 0, 4, "a3", 3));

    KafkaOrder.Verdict verdict = KafkaOrder.check(topic);

    assertThat(verdict.holds()).isTrue();
    assertThat(verdict.products()).isEqualTo(2);
    assertThat(verdict.updated()).isEqualTo(1);
    assertThat(verdict.longest()).isEqualTo(3);
    assertThat(verdict.redeliveries()).isEqualTo(2);
  }

  @Test
  void aNewEventBelowOrEqualToTheProductsLastVersionFails() {
    List<Event> swapped = List.of(new Event("a", 0, 7, "a2", 2), new Event("a", 0, 8, "a1", 1));
    List<Event> twice = List.of(new Event("a", 2, 0, "a1", 1), new Event("a", 2, 1, "other", 1));

    KafkaOrder.Verdict bySwap = KafkaOrder.check(swapped);
    KafkaOrder.Verdict byRepeat = KafkaOrder.check(twice);

    assertThat(bySwap.holds()).isFalse();
    assertThat(bySwap.violations()).containsExactly("a: version 1 at offset 0/8 after version 2");
    assertThat(byRepeat.violationCount()).isEqualTo(1);
  }

  @Test
  void offsetsDecideTheOrderNotTheOrderTheRecordsWereRead() {
    List<Event> readBackwards =
        List.of(new Event("a", 0, 1, "a2", 2), new Event("a", 0, 0, "a1", 1));

    assertThat(KafkaOrder.check(readBackwards).holds()).isTrue();
  }

  @Test
  void onlyCreatesProveNothingAboutOrder() {
    List<Event> creates = List.of(new Event("a", 0, 0, "a1", 1), new Event("b", 0, 1, "b1", 1));

    KafkaOrder.Verdict verdict = KafkaOrder.check(creates);

    assertThat(verdict.violationCount()).isZero();
    assertThat(verdict.holds()).isFalse();
  }
}
