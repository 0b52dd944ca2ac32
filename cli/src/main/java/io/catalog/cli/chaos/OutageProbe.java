package io.catalog.cli.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Asks the API, while the database is down, for {@code /health} and for a create, once a second,
 * and counts the answers by status: both must say 503 (a client's cue to retry), not 500 and not
 * hang. A probe create carries an Idempotency-Key like any careful client's; none can succeed while
 * the database is away.
 */
final class OutageProbe {
  /** An answer that never came (the API timed out or refused the connection). */
  static final int NO_ANSWER = -1;

  private static final long PERIOD_MILLIS = 1_000;
  private static final String BODY =
      "{\"seller_id\":\""
          + UUID.randomUUID()
          + "\",\"title\":\"chaos probe\",\"price\":1.00,\"stock\":1}";

  /** Answers by HTTP status, for {@code /health} and for the creates. */
  record Answers(Map<Integer, Long> health, Map<Integer, Long> writes) {
    long health503() {
      return health.getOrDefault(503, 0L);
    }

    long writes503() {
      return writes.getOrDefault(503, 0L);
    }
  }

  private final String apiUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  OutageProbe(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  /**
   * Probes for {@code length} (the fault's hold: this paces the schedule, it synchronises nothing).
   */
  Answers probeFor(Duration length) throws InterruptedException {
    Map<Integer, Long> health = new TreeMap<>();
    Map<Integer, Long> writes = new TreeMap<>();
    long until = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < until) {
      health.merge(
          status(HttpRequest.newBuilder(URI.create(apiUrl + "/health")).GET()), 1L, Long::sum);
      writes.merge(
          status(
              HttpRequest.newBuilder(URI.create(apiUrl + "/products"))
                  .header("Content-Type", "application/json")
                  .header("Idempotency-Key", UUID.randomUUID().toString())
                  .POST(HttpRequest.BodyPublishers.ofString(BODY))),
          1L,
          Long::sum);
      long left = until - System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(
          Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS))));
    }
    return new Answers(health, writes);
  }

  private int status(HttpRequest.Builder request) throws InterruptedException {
    try {
      return http.send(
              request.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return NO_ANSWER;
    }
  }
}
