package io.catalog.cli.chaos;

import io.catalog.domain.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One REST client of the mixed workload: creates (60 %), updates with If-Match (30 %) and deletes
 * (10 %). Half the updates go to the writer's first few products, which are never deleted: those
 * get many versions while faults happen, so the per-product order on Kafka is tested on long
 * histories, not only on creates. A create whose answer was lost is retried with the same
 * Idempotency-Key, as a careful client does, so the server decides whether it is new. Counts only
 * what the API acknowledged, and the 503 answers (the API's word for "a dependency is down").
 */
final class RestWriter implements Runnable {
  /** Products per writer that take half of its updates and are never deleted. */
  static final int HOT = 3;

  /** The APIs this writer talks to; it moves to the next one when the current one is away. */
  private final List<String> apiUrls;

  private int current;
  private final HttpClient http;
  private final Random random;
  private final AtomicBoolean running;

  /** The first {@link #HOT} ids are the hot products; the rest may be deleted. */
  private final List<String> ids = new ArrayList<>();

  final AtomicLong creates = new AtomicLong();
  final AtomicLong updates = new AtomicLong();
  final AtomicLong deletes = new AtomicLong();
  final AtomicLong failedAttempts = new AtomicLong();

  /** Answers 503: the API saying a dependency (the database) is down. */
  final AtomicLong unavailable = new AtomicLong();

  /** Nanoseconds between two operations of the main loop; 0 = as fast as the API answers. */
  private final long paceNanos;

  private long nextDue = System.nanoTime();

  RestWriter(String apiUrl, HttpClient http, long seed, AtomicBoolean running) {
    this(List.of(apiUrl), http, seed, running, 0);
  }

  /**
   * @param apiUrls the API replicas, the first one first: a transport error (connection refused,
   *     answer lost) moves the writer to the next, as a client behind a load balancer would be
   */
  RestWriter(
      List<String> apiUrls, HttpClient http, long seed, AtomicBoolean running, double perSecond) {
    this.apiUrls = List.copyOf(apiUrls);
    this.http = http;
    this.random = new Random(seed);
    this.running = running;
    this.paceNanos = perSecond > 0 ? Math.round(1e9 / perSecond) : 0;
  }

  long acknowledged() {
    return creates.get() + updates.get() + deletes.get();
  }

  @Override
  public void run() {
    while (running.get()) {
      try {
        pace();
        int dice = random.nextInt(20);
        if (dice < 12 || ids.size() < HOT + 2) {
          create();
        } else if (dice < 15) {
          update(ids.get(random.nextInt(HOT)));
        } else if (dice < 18) {
          update(ids.get(random.nextInt(ids.size())));
        } else {
          delete(ids.get(HOT + random.nextInt(ids.size() - HOT)));
        }
      } catch (IOException e) {
        failedAttempts.incrementAndGet();
        backOff();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Waits for this writer's next slot (load pacing, not synchronisation). A writer that fell behind
   * (a fault held it) does not burst to catch up: the schedule restarts from now.
   */
  private void pace() throws InterruptedException {
    if (paceNanos == 0) {
      return;
    }
    long now = System.nanoTime();
    nextDue = Math.max(nextDue + paceNanos, now);
    long wait = nextDue - now;
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** The ids this writer created and did not delete (its hot products first). */
  List<String> live() {
    return List.copyOf(ids);
  }

  /**
   * Creates one product, retrying with the same Idempotency-Key until acknowledged; its id, or null
   * once stopped.
   */
  String create() throws InterruptedException {
    String key = UUID.randomUUID().toString();
    String body = body();
    while (running.get()) {
      try {
        HttpResponse<String> r = call("POST", "/products", body, "Idempotency-Key", key);
        if (r.statusCode() == 201) {
          String id = Json.mapper().readTree(r.body()).get("id").asText();
          ids.add(id);
          creates.incrementAndGet();
          return id;
        }
      } catch (IOException e) {
        // The API is down or its answer was lost: the same key again.
      }
      failedAttempts.incrementAndGet();
      backOff();
    }
    return null;
  }

  /** Reads the product's version and updates it with If-Match; whether the API acknowledged it. */
  boolean update(String id) throws IOException, InterruptedException {
    HttpResponse<String> current = call("GET", "/products/" + id, null);
    if (current.statusCode() != 200) {
      failedAttempts.incrementAndGet();
      backOff();
      return false;
    }
    long version = Json.mapper().readTree(current.body()).get("version").asLong();
    int status =
        call("PUT", "/products/" + id, body(), "If-Match", "\"" + version + "\"").statusCode();
    if (status == 200) {
      updates.incrementAndGet();
      return true;
    }
    failedAttempts.incrementAndGet();
    return false;
  }

  /** Deletes the product; whether the API acknowledged it. */
  boolean delete(String id) throws IOException, InterruptedException {
    int status = call("DELETE", "/products/" + id, null).statusCode();
    if (status == 204) {
      ids.remove(id);
      deletes.incrementAndGet();
      return true;
    }
    failedAttempts.incrementAndGet();
    return false;
  }

  private String body() {
    return "{\"seller_id\":\""
        + UUID.randomUUID()
        + "\",\"title\":\"chaos "
        + random.nextInt(1_000_000)
        + "\",\"price\":"
        + random.nextInt(10_000)
        + "."
        + (10 + random.nextInt(89))
        + ",\"stock\":"
        + random.nextInt(100)
        + "}";
  }

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(apiUrls.get(current) + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      current = (current + 1) % apiUrls.size();
      throw e;
    }
    if (response.statusCode() == 503) {
      unavailable.incrementAndGet();
    }
    return response;
  }

  /** A client's pause between retries while the API is away (load pacing, not synchronisation). */
  private void backOff() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
