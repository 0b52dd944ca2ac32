package io.catalog.domain.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboxWakeupsTest {

  @Test
  void signalsWhileANotificationIsOnItsWayShareTheNextOne() throws Exception {
    CountDownLatch firstSending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> sent = new CopyOnWriteArrayList<>();
    OutboxWakeups wakeups =
        new OutboxWakeups(
            keys -> {
              sent.add(keys);
              firstSending.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    wakeups.signal(7);
    firstSending.await();
    for (int key : new int[] {3, 5, 3, 900}) {
      wakeups.signal(key);
    }
    release.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 2);
    assertThat(sent.get(0)).isEqualTo("7");
    assertThat(Arrays.stream(sent.get(1).split(",")).map(Integer::valueOf))
        .containsExactlyInAnyOrder(3, 5, 900);
    assertThat(wakeups.sent()).isEqualTo(2);
  }

  @Test
  void aSteadyStreamOfSignalsIsNotifiedAtMostOnceAGap() {
    AtomicInteger sends = new AtomicInteger();
    Set<String> keys = ConcurrentHashMap.newKeySet();
    OutboxWakeups wakeups =
        new OutboxWakeups(
            payload -> {
              sends.incrementAndGet();
              keys.addAll(Arrays.asList(payload.split(",")));
            });

    long started = System.nanoTime();
    long streamEnd = started + Duration.ofMillis(200).toNanos();
    for (int i = 0; System.nanoTime() < streamEnd; i++) {
      wakeups.signal(i % 7);
      Thread.onSpinWait();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !wakeups.hasPending());
    // Every send began (and took its keys) between started and now: at most one per gap.
    long gaps =
        (System.nanoTime() - started) / Duration.ofMillis(OutboxWakeups.MIN_GAP_MILLIS).toNanos();
    wakeups.close(); // the last send has returned

    assertThat(keys).as("every key reached a publisher").hasSize(7);
    assertThat(sends.get()).isBetween(1, 1 + (int) gaps);
  }

  @Test
  void aFailedNotificationIsCountedOutAndTheNextSignalStillSends() {
    List<String> sent = new CopyOnWriteArrayList<>();
    OutboxWakeups wakeups =
        new OutboxWakeups(
            keys -> {
              if (keys.equals("1")) {
                throw new IllegalStateException("database down");
              }
              sent.add(keys);
            });

    wakeups.signal(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> !wakeups.hasPending());
    wakeups.signal(2);

    await().atMost(Duration.ofSeconds(10)).until(() -> sent.contains("2"));
    assertThat(wakeups.sent()).isEqualTo(1);
  }

  @Test
  void moreKeysThanOnePayloadHoldsWakeEveryPublisher() {
    OutboxWakeups wakeups = new OutboxWakeups(keys -> {});
    IntStream.range(0, 1_025).forEach(wakeups::pendingForTest);

    assertThat(wakeups.drain()).isEqualTo(OutboxWakeups.ALL);
    assertThat(wakeups.drain()).isEmpty();

    IntStream.range(0, 1_024).forEach(wakeups::pendingForTest);
    String payload = wakeups.drain();
    assertThat(payload.split(",")).hasSize(1_024);
    assertThat(payload.length()).isLessThan(8_000);
  }

  @Test
  void aPublisherWakesForItsOwnKeysAndForWhatItCannotRead() {
    assertThat(OutboxWakeups.names("4,9,12", k -> k % 4 == 1)).isTrue();
    assertThat(OutboxWakeups.names("4,8,12", k -> k % 4 == 1)).isFalse();
    assertThat(OutboxWakeups.names("17", k -> k % 4 == 1)).isTrue(); // the V1 trigger's payload
    assertThat(OutboxWakeups.names(OutboxWakeups.ALL, k -> false)).isTrue();
    assertThat(
            OutboxWakeups.names(
                IntStream.range(0, 3).mapToObj(i -> "x").collect(Collectors.joining(",")),
                k -> false))
        .isTrue();
  }

  @Test
  void aSenderKilledByAnErrorIsReportedAsAProblem() {
    OutboxWakeups wakeups =
        new OutboxWakeups(
            keys -> {
              throw new StackOverflowError("deep");
            });
    assertThat(wakeups.problem()).as("before the first signal").isNull();

    wakeups.signal(4);

    await().atMost(Duration.ofSeconds(10)).until(() -> wakeups.problem() != null);
    assertThat(wakeups.problem()).contains("StackOverflowError").contains("idle poll");
  }

  @Test
  void closeStopsTheSenderAndLaterSignalsSendNothing() {
    List<String> sent = new CopyOnWriteArrayList<>();
    OutboxWakeups wakeups = new OutboxWakeups(sent::add);
    wakeups.signal(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);
    assertThat(wakeups.senderAlive()).isTrue();

    wakeups.close();

    assertThat(wakeups.senderAlive()).isFalse();
    wakeups.signal(2);
    assertThat(wakeups.hasPending()).as("a signal after close is dropped").isFalse();
    assertThat(sent).containsExactly("1");
    assertThat(wakeups.problem()).isNull();
  }
}
