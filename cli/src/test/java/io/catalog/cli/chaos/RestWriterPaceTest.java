package io.catalog.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RestWriterPaceTest {

  @Test
  void aPacedWriterOffersNoMoreThanItsRateHoweverFastTheApiAnswers() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    HttpServer api = createsAnswered(key -> posts.incrementAndGet());
    AtomicBoolean running = new AtomicBoolean(true);
    try {
      // The first operations of a writer are creates, which this stub answers at once.
      RestWriter writer =
          new RestWriter(
              List.of("http://127.0.0.1:" + api.getAddress().getPort()),
              HttpClient.newHttpClient(),
              1,
              running,
              10);
      Thread t = new Thread(writer);
      t.start();
      t.join(
          450); // the length of the observation, not a synchronisation: the writer runs on its own
      running.set(false);
      t.join(5_000);
    } finally {
      api.stop(0);
    }
    // 10/s for 0.45 s: the slot at 0 and at most four more. Unpaced, the stub is answered hundreds
    // of times.
    assertThat(posts.get()).isBetween(1, 6);
  }

  @Test
  @Timeout(30) // without the fail-over the create retries the dead replica for ever
  void aCreateWhoseApiIsGoneIsRetriedWithTheSameKeyOnTheNextReplica() throws Exception {
    List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer api = createsAnswered(keys::add);
    // A port nothing listens on: the first replica, SIGKILLed.
    int gone;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      gone = s.getLocalPort();
    }
    AtomicBoolean running = new AtomicBoolean(true);
    try {
      RestWriter writer =
          new RestWriter(
              List.of("http://127.0.0.1:" + gone, "http://127.0.0.1:" + api.getAddress().getPort()),
              HttpClient.newHttpClient(),
              1,
              running,
              0);

      String id = writer.create();

      assertThat(id).isNotNull();
      assertThat(writer.creates.get()).isEqualTo(1);
      assertThat(writer.failedAttempts.get()).isEqualTo(1);
      assertThat(keys).hasSize(1);
    } finally {
      running.set(false);
      api.stop(0);
    }
  }

  /** A stub API that answers every create at once with 201, telling {@code seen} its key. */
  private static HttpServer createsAnswered(java.util.function.Consumer<String> seen)
      throws java.io.IOException {
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/products",
        ex -> {
          ex.getRequestBody().readAllBytes();
          seen.accept(ex.getRequestHeaders().getFirst("Idempotency-Key"));
          byte[] body =
              ("{\"id\":\"" + UUID.randomUUID() + "\",\"version\":1}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(201, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    api.start();
    return api;
  }
}
