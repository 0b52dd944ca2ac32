package io.catalog.cli.chaos;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last writes of a run, made after every rebuild and replay has ended: creates, updates (of its
 * own new products and of older ones) and deletes. Nothing but the live projection can carry them
 * to Elasticsearch, so "Elasticsearch equals the database" fails if the projection is dead, however
 * many rebuilds ran before.
 *
 * @param startedAt when the first write was sent
 * @param products every product it wrote
 */
record FinalTranche(
    Instant startedAt, Set<String> products, long creates, long updates, long deletes) {
  /** New products; as many older ones are updated, and a third of each deleted. */
  static final int SIZE = 30;

  static FinalTranche write(String apiUrl, long seed, List<String> older)
      throws IOException, InterruptedException {
    Instant startedAt = Instant.now();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AtomicBoolean running = new AtomicBoolean(true);
    // A create retries until acknowledged; on a platform that never recovers, not forever.
    CompletableFuture.runAsync(
        () -> running.set(false), CompletableFuture.delayedExecutor(2, TimeUnit.MINUTES));
    RestWriter writer = new RestWriter(apiUrl, http, seed, running);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      String id = writer.create();
      if (id != null) {
        created.add(id);
      }
    }
    List<String> olderTouched = older.subList(0, Math.min(SIZE, older.size()));
    Set<String> products = new LinkedHashSet<>(created);
    products.addAll(olderTouched);
    for (String id : products) {
      writer.update(id);
    }
    for (String id : everyThird(created)) {
      writer.delete(id);
    }
    for (String id : everyThird(olderTouched)) {
      writer.delete(id);
    }
    return new FinalTranche(
        startedAt, products, writer.creates.get(), writer.updates.get(), writer.deletes.get());
  }

  private static List<String> everyThird(List<String> ids) {
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += 3) {
      picked.add(ids.get(i));
    }
    return picked;
  }
}
