package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.outbox.ClaimWindow;
import io.catalog.domain.outbox.ClaimedEvent;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The publisher's two lanes on the real database, with a producer whose acks the test hands out:
 * the next batch leaves while the last one waits for its acks, and a product's next event still
 * waits until the batch holding its last one has committed.
 */
class PublishLanesIT {
  private static final int BATCH = 500;
  private static final Runnable NO_TICK = () -> {};

  @RegisterExtension static final StackSlice slice = StackSlice.plain();
  private ProductService service;
  private MockProducer<String, String> producer;
  private OutboxPublisher publisher;

  @BeforeEach
  void emptyOutbox() {
    ItStack it = slice.it();
    service = new ProductService(it.db.jdbi(), it.names);
    it.db.jdbi().useHandle(h -> h.execute("DELETE FROM outbox_events"));
    producer = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
    publisher =
        new OutboxPublisher(
            producer, OutboxPublisher.Settings.withMaxAttempts(3), OutboxMetrics.unregistered());
  }

  @Test
  void theNextBatchIsClaimedAndSentWhileTheLastWaitsForItsAcks() throws Exception {
    ItStack it = slice.it();
    for (int i = 0; i < 2 * BATCH; i++) {
      service.create(ProductWriters.draft(i), WriteContext.none());
    }
    ClaimWindow window = ClaimWindow.allShards(BATCH, Long.MAX_VALUE);
    try (Handle a = it.db.jdbi().open();
        Handle b = it.db.jdbi().open()) {
      PublishLanes lanes = new PublishLanes(publisher, a, b);
      PublishLanes.Step first = lanes.advance(window, NO_TICK);
      assertThat(first.claimed().rows()).hasSize(BATCH);
      assertThat(producer.history()).hasSize(BATCH);

      ClaimWindow next = first.claimed().next(window);
      CompletableFuture<PublishLanes.Step> second =
          CompletableFuture.supplyAsync(() -> lanes.advance(next, NO_TICK));
      // Not one ack of the first batch has come, and the second batch is on its way already.
      await().atMost(Duration.ofSeconds(30)).until(() -> producer.history().size() == 2 * BATCH);
      assertThat(second).isNotDone();

      while (producer.completeNext()) {
        // every ack, the first batch's first
      }
      PublishLanes.Step step = second.get(30, TimeUnit.SECONDS);
      assertThat(step.claimed().rows()).hasSize(BATCH);
      assertThat(step.finished().published()).isEqualTo(BATCH);
      assertThat(lanes.finishAll(NO_TICK).published()).isEqualTo(BATCH);
    }
    assertThat(producer.history()).extracting(ProducerRecord::key).doesNotHaveDuplicates();
    assertThat(it.db.count("status = 'PUBLISHED'")).isEqualTo(2L * BATCH);
  }

  @Test
  void aProductsNextEventWaitsUntilTheBatchHoldingItsLastHasCommitted() {
    ItStack it = slice.it();
    List<Product> products = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      products.add(service.create(ProductWriters.draft(i), WriteContext.none()));
    }
    Product deleted = service.delete(products.get(0).id(), null, WriteContext.none());
    ClaimWindow window = ClaimWindow.allShards(BATCH, Long.MAX_VALUE);
    try (Handle a = it.db.jdbi().open();
        Handle b = it.db.jdbi().open()) {
      PublishLanes lanes = new PublishLanes(publisher, a, b);
      PublishLanes.Step first = lanes.advance(window, NO_TICK);
      assertThat(first.claimed().rows())
          .extracting(ClaimedEvent::aggregateVersion)
          .containsOnly(1L)
          .hasSize(3);
      // Acknowledged, but not yet marked or committed: the next claim runs before that.
      while (producer.completeNext()) {
        // the three acks
      }

      PublishLanes.Step second = lanes.advance(window.from(0), NO_TICK);
      assertThat(second.claimed()).as("version 2 while version 1 is in flight").isNull();
      assertThat(second.finished().published()).isEqualTo(3);
      assertThat(second.finished().successorsWaiting())
          .as("version 2 is left behind the batch just published")
          .isTrue();

      PublishLanes.Step third = lanes.advance(window.from(0), NO_TICK);
      assertThat(third.claimed().rows())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.aggregateId()).isEqualTo(deleted.id());
                assertThat(row.aggregateVersion()).isEqualTo(2L);
              });
      producer.completeNext();
      OutboxPublisher.BatchResult last = lanes.finishAll(NO_TICK);
      assertThat(last.published()).isEqualTo(1);
      assertThat(last.successorsWaiting()).isFalse();
    }
    assertThat(producer.history())
        .filteredOn(r -> r.key().equals(deleted.id().toString()))
        .hasSize(2);
  }
}
