package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.ids.Uuids;
import io.catalog.domain.outbox.OutboxEvent;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.db.CreateGroupCommit;
import io.catalog.domain.product.db.ProductDao;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Creates that queue behind a create in flight commit together, in one transaction, and a batch
 * that fails for one row's own fault costs only that row: the others are written, the bad one is
 * not, neither its product nor its outbox row. The lane is held by locking {@code products} against
 * inserts, so the queue fills deterministically.
 */
class CreateGroupCommitIT {
  @RegisterExtension static final StackSlice slice = StackSlice.plain();

  private static final int QUEUED = 10;

  @Test
  void createsThatQueueBehindOneInFlightCommitInOneTransaction() throws Exception {
    ItStack it = slice.it();
    CreateGroupCommit commits = new CreateGroupCommit(it.db.jdbi(), 1);
    List<Product> rows = rows(i -> 5);

    List<CompletableFuture<Void>> answers = writeBehindALock(it, commits, rows);

    assertThat(answers).allSatisfy(a -> assertThat(a).isCompleted().isNotCompletedExceptionally());
    // The first create alone, the ten that queued behind it together.
    assertThat(commits.batches()).isEqualTo(2);
    assertThat(commits.written()).isEqualTo(QUEUED + 1L);
    assertThat(stored(it, rows)).isEqualTo(ids(rows));
    assertThat(outboxRows(it, rows)).isEqualTo(ids(rows));
  }

  @Test
  void aRowThatFailsItsBatchFailsAloneAndLeavesNothingHalfWritten() throws Exception {
    ItStack it = slice.it();
    CreateGroupCommit commits = new CreateGroupCommit(it.db.jdbi(), 1);
    // One queued row breaks products' CHECK (stock >= 0), which only the database enforces here.
    List<Product> rows = rows(i -> i == 4 ? -1 : 5);
    Product bad = rows.get(4);

    List<CompletableFuture<Void>> answers = writeBehindALock(it, commits, rows);

    assertThat(answers.get(4)).isCompletedExceptionally();
    List<Product> good = rows.stream().filter(r -> r != bad).toList();
    for (int i = 0; i < answers.size(); i++) {
      if (i != 4) {
        assertThat(answers.get(i)).isCompleted().isNotCompletedExceptionally();
      }
    }
    assertThat(stored(it, rows)).isEqualTo(ids(good));
    assertThat(outboxRows(it, rows)).isEqualTo(ids(good));
    // The first alone, then the batch of ten rolled back and every one of them retried alone.
    assertThat(commits.written()).isEqualTo(QUEUED);
    assertThat(commits.batches()).isEqualTo(QUEUED);
  }

  /**
   * A caller whose create is in another writer's batch waits for that batch, even when woken while
   * a lane is free ({@code LockSupport.park} may return for no reason). Before, it took the free
   * lane, found the queue empty, and did so again and again until the batch committed: a spin on
   * two cores. Each writer is held by an open transaction that inserted its product's id first.
   */
  @Test
  void aCallerWhoseCreateIsInAnotherWritersBatchWaitsWithoutTakingLaneTurns() throws Exception {
    ItStack it = slice.it();
    CreateGroupCommit commits = new CreateGroupCommit(it.db.jdbi(), 2);
    List<Product> rows = rows(i -> 5).subList(0, 4);
    Product a = rows.get(0);
    Product b = rows.get(1);
    Product c = rows.get(2);
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try (Handle holdsA = holdId(it, a);
        Handle holdsB = holdId(it, b);
        Handle holdsC = holdId(it, c)) {
      CompletableFuture<Void> first = write(commits, a, it, callers);
      await("one lane waits").atMost(Duration.ofSeconds(30)).until(() -> waiters(it) == 1);
      CompletableFuture<Void> second = write(commits, b, it, callers);
      await("both lanes wait").atMost(Duration.ofSeconds(30)).until(() -> waiters(it) == 2);
      CompletableFuture<Void> third = write(commits, c, it, callers);
      await().atMost(Duration.ofSeconds(30)).until(() -> commits.queued() == 1);
      CompletableFuture<Void> fourth = new CompletableFuture<>();
      Thread caller =
          new Thread(
              () -> complete(fourth, () -> commits.insert(rows.get(3), event(it, rows.get(3)))));
      caller.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> commits.queued() == 2);

      // The second lane frees: the third create's caller writes itself and the fourth, and waits.
      holdsB.rollback();
      await("the batch of two waits")
          .atMost(Duration.ofSeconds(30))
          .until(() -> second.isDone() && commits.queued() == 0 && waiters(it) == 2);
      // The first lane frees too; the fourth create's caller is woken for no reason.
      holdsA.rollback();
      await().atMost(Duration.ofSeconds(30)).until(first::isDone);
      LockSupport.unpark(caller);

      await("no lane turn without a create to write")
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> commits.emptyTurns() == 0 && !fourth.isDone());
      holdsC.rollback();
      CompletableFuture.allOf(first, second, third, fourth).get(60, TimeUnit.SECONDS);
    } finally {
      callers.shutdown();
    }

    assertThat(stored(it, rows)).isEqualTo(ids(rows));
    // The first and second alone, the third and fourth together.
    assertThat(commits.batches()).isEqualTo(3);
    assertThat(commits.emptyTurns()).isZero();
  }

  /** Sessions of this database waiting for a lock. */
  private static long waiters(ItStack it) {
    return it.db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                            + " WHERE NOT l.granted AND a.datname = current_database()")
                    .mapTo(Long.class)
                    .one());
  }

  /** An open transaction that inserted a product with {@code row}'s id: its create waits on it. */
  private static Handle holdId(ItStack it, Product row) {
    Handle h = it.db.jdbi().open();
    h.begin();
    Product twin = product(-1, 5);
    ProductDao.on(h)
        .insert(
            new Product(
                row.id(),
                twin.sellerId(),
                twin.title(),
                twin.price(),
                twin.currency(),
                twin.stock(),
                twin.version(),
                twin.createdAt(),
                twin.updatedAt(),
                null,
                null),
            event(it, twin));
    return h;
  }

  private static void complete(CompletableFuture<Void> answer, Runnable create) {
    try {
      create.run();
      answer.complete(null);
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
  }

  /**
   * Holds {@code products} locked against inserts while the first row's create takes the lane and
   * the others queue behind it, then lets them all go and waits for every answer.
   */
  private static List<CompletableFuture<Void>> writeBehindALock(
      ItStack it, CreateGroupCommit commits, List<Product> rows) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(rows.size());
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    try (Handle lock = it.db.jdbi().open()) {
      lock.begin();
      lock.execute("LOCK TABLE products IN SHARE MODE");
      answers.add(write(commits, rows.get(0), it, callers));
      await("the first create waits for the lock")
          .atMost(Duration.ofSeconds(30))
          .until(() -> waitingForLock(it.db.jdbi()) == 1);
      for (Product row : rows.subList(1, rows.size())) {
        answers.add(write(commits, row, it, callers));
      }
      await("the others queue behind it")
          .atMost(Duration.ofSeconds(30))
          .until(() -> commits.queued() == rows.size() - 1);
      lock.commit();
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .get(60, TimeUnit.SECONDS);
    callers.shutdown();
    return answers;
  }

  private static CompletableFuture<Void> write(
      CreateGroupCommit commits, Product row, ItStack it, ExecutorService callers) {
    return CompletableFuture.runAsync(() -> commits.insert(row, event(it, row)), callers);
  }

  private static long waitingForLock(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted"
                        + " AND relation = 'products'::regclass")
                .mapTo(Long.class)
                .one());
  }

  /** The first create and the {@link #QUEUED} behind it, create {@code n} with that stock. */
  private static List<Product> rows(IntUnaryOperator stockOf) {
    return IntStream.rangeClosed(0, QUEUED)
        .mapToObj(n -> product(n, stockOf.applyAsInt(n)))
        .toList();
  }

  private static Product product(int n, int stock) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    return new Product(
        Uuids.v7(),
        UUID.randomUUID(),
        "group commit " + n,
        new BigDecimal("9.99"),
        "EUR",
        stock,
        1,
        now,
        now,
        null,
        null);
  }

  private static OutboxEvent event(ItStack it, Product row) {
    return new OutboxEvent(
        Uuids.v7(),
        "product",
        row.id(),
        row.version(),
        "ProductCreated",
        it.names.productEvents(),
        "{}",
        "{}");
  }

  private static Set<UUID> ids(List<Product> rows) {
    return rows.stream().map(Product::id).collect(Collectors.toSet());
  }

  private static Set<UUID> stored(ItStack it, List<Product> rows) {
    return idsIn(it, "SELECT id FROM products WHERE id IN (<ids>)", rows);
  }

  private static Set<UUID> outboxRows(ItStack it, List<Product> rows) {
    return idsIn(it, "SELECT aggregate_id FROM outbox_events WHERE aggregate_id IN (<ids>)", rows);
  }

  /** Which of the products' ids {@code query} finds. */
  private static Set<UUID> idsIn(ItStack it, String query, List<Product> rows) {
    return it.db
        .jdbi()
        .withHandle(
            h ->
                Set.copyOf(
                    h.createQuery(query)
                        .bindList("ids", List.copyOf(ids(rows)))
                        .mapTo(UUID.class)
                        .list()));
  }
}
