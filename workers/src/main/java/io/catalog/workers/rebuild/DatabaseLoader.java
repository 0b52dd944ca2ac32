package io.catalog.workers.rebuild;

import io.catalog.domain.product.Product;
import io.catalog.search.projection.InvalidEventException;
import io.catalog.search.projection.ProductDocument;
import io.catalog.workflows.rebuild.DatabaseLoadRequest;
import io.catalog.workflows.rebuild.DatabaseLoadResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chunk of the load from the database: keyset pages of {@code products} in id order, deleted
 * rows included, all read in one REPEATABLE READ read-only transaction (one snapshot per chunk),
 * each page one bulk request. Up to {@link #IN_FLIGHT} pages are built and sent while the next page
 * is read; the heartbeated position only ever covers pages whose request, and every one before it,
 * has finished.
 *
 * <p>Chunks read different snapshots. That is safe because the end offsets of {@code
 * product.events} were recorded before the load began: a change committed after a page was read has
 * its event published after that, so the catch-up applies it; external versions make any overlap
 * harmless.
 */
record DatabaseLoader(Jdbi jdbi, RebuildWrites writes) {
  private static final Logger log = LoggerFactory.getLogger(DatabaseLoader.class);

  /**
   * Pages at once. A node stops gaining at two requests in flight (docs/architecture.md, "Facts
   * about the servers that shaped the code"), but each sender also builds and serialises its page
   * before sending it, so with two the node often had one; three measured faster than two, four a
   * little steadier than three (docs/benchmarks.md, W4).
   */
  static final int IN_FLIGHT = 4;

  static final Duration HEARTBEAT_WHILE_WAITING = Duration.ofMillis(500);

  /** Longer than the Elasticsearch client's response timeout (60 s): a bulk has ended by then. */
  static final Duration BULK_DEADLINE = Duration.ofSeconds(75);

  /** A page sent to Elasticsearch and not yet accounted for. */
  private record Sent(String lastId, int rows, Future<RebuildWrites.Counts> counts) {}

  /**
   * @param resume the heartbeat of an earlier attempt of this chunk, or null
   */
  DatabaseLoadResult load(
      DatabaseLoadRequest request, DatabaseLoadHeartbeat resume, int attempt, ChunkContext ctx) {
    DatabaseLoadHeartbeat start =
        resume != null ? resume : DatabaseLoadHeartbeat.start(request.afterId());
    if (resume != null) {
      log.info(
          "{}: attempt {} resumes after {} rows (id {})",
          request.requestId(),
          attempt,
          resume.read(),
          resume.lastId());
    }
    writes.requireTarget(request.index());
    long begin = System.nanoTime();
    long deadline = begin + Duration.ofSeconds(request.maxSeconds()).toNanos();
    Throttle throttle = new Throttle(request.maxDocsPerSecond());
    ExecutorService senders = senders();
    try {
      Loaded loaded =
          jdbi.inTransaction(
              TransactionIsolationLevel.REPEATABLE_READ,
              handle -> {
                RebuildProductDao dao = handle.attach(RebuildProductDao.class);
                dao.readOnly();
                return readAndSend(dao, request, start, deadline, throttle, senders, ctx);
              });
      DatabaseLoadHeartbeat at = loaded.at();
      DatabaseLoadResult result =
          new DatabaseLoadResult(
              at.lastId(),
              loaded.done(),
              at.read(),
              at.written(),
              at.conflicts(),
              at.failed(),
              attempt,
              resume == null ? 0 : resume.read());
      log.info(
          "{}: {} rows in {} ms, {} written, {} conflicts, done {}",
          request.requestId(),
          result.read() - (resume == null ? 0 : resume.read()),
          (System.nanoTime() - begin) / 1_000_000,
          result.written(),
          result.conflicts(),
          result.done());
      return result;
    } finally {
      // Also when the chunk fails or is cancelled: a compensation may delete the index next, so
      // no bulk request of this chunk may still be on its way (it would re-create the index).
      senders.shutdown();
      awaitSenders(senders);
    }
  }

  /** Where a chunk's reading stopped, and whether it read the last page. */
  private record Loaded(DatabaseLoadHeartbeat at, boolean done) {}

  /**
   * Reads pages from {@code start} on until the last one or the deadline, each sent as a bulk
   * request while the next is read, at most {@link #IN_FLIGHT} at once; returns once every one has
   * been settled.
   */
  private Loaded readAndSend(
      RebuildProductDao dao,
      DatabaseLoadRequest request,
      DatabaseLoadHeartbeat start,
      long deadline,
      Throttle throttle,
      ExecutorService senders,
      ChunkContext ctx) {
    DatabaseLoadHeartbeat at = start;
    String readUpTo = start.lastId();
    Deque<Sent> sent = new ArrayDeque<>();
    boolean done = false;
    while (!done && System.nanoTime() < deadline) {
      List<Product> page =
          readUpTo == null
              ? dao.firstPage(request.batchSize())
              : dao.pageAfter(UUID.fromString(readUpTo), request.batchSize());
      done = page.size() < request.batchSize();
      if (page.isEmpty()) {
        break;
      }
      readUpTo = page.get(page.size() - 1).id().toString();
      DatabaseLoadHeartbeat position = at;
      sent.add(
          new Sent(
              readUpTo,
              page.size(),
              senders.submit(() -> writePage(request.index(), page, ctx, position))));
      while (sent.size() >= IN_FLIGHT) {
        at = settle(sent.poll(), at, ctx);
      }
      ctx.pause(throttle.after(page.size()), at);
    }
    while (!sent.isEmpty()) {
      at = settle(sent.poll(), at, ctx);
    }
    return new Loaded(at, done);
  }

  private static ExecutorService senders() {
    return Executors.newFixedThreadPool(
        IN_FLIGHT,
        r -> {
          Thread t = new Thread(r, "rebuild-bulk");
          t.setDaemon(true);
          return t;
        });
  }

  private static void awaitSenders(ExecutorService senders) {
    try {
      if (!senders.awaitTermination(BULK_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        log.warn("bulk requests still running after {}; abandoning them", BULK_DEADLINE);
        senders.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      senders.shutdownNow();
    }
  }

  /**
   * Waits for the oldest page in flight, heartbeating meanwhile, and moves the position past it.
   */
  private static DatabaseLoadHeartbeat settle(
      Sent page, DatabaseLoadHeartbeat at, ChunkContext ctx) {
    RebuildWrites.Counts c;
    try {
      while (true) {
        try {
          c = page.counts().get(HEARTBEAT_WHILE_WAITING.toMillis(), TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          ctx.heartbeat(at);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException(e.getCause());
    }
    DatabaseLoadHeartbeat next =
        new DatabaseLoadHeartbeat(
            page.lastId(),
            at.read() + page.rows(),
            at.written() + c.written(),
            at.conflicts() + c.conflicts(),
            at.failed() + c.refused());
    ctx.heartbeat(next);
    return next;
  }

  /**
   * Builds the page's documents and writes them; rows that make no valid document count as refused.
   */
  private RebuildWrites.Counts writePage(
      String index, List<Product> page, ChunkContext ctx, DatabaseLoadHeartbeat position) {
    List<ProductDocument> docs = new ArrayList<>(page.size());
    long unreadable = 0;
    for (Product p : page) {
      try {
        docs.add(ProductDocument.fromProduct(p));
      } catch (InvalidEventException e) {
        unreadable++;
        log.error("product {} cannot become a search document: {}", p.id(), e.getMessage());
      }
    }
    RebuildWrites.Counts c =
        writes.write(docs, index, writes.writer()::writeDocuments, ctx, position);
    return new RebuildWrites.Counts(c.written(), c.conflicts(), c.refused() + unreadable);
  }
}
