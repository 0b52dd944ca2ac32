package io.catalog.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestWriterPaceTest {

  @Test
  void aPacedWriterOffersNoMoreThanItsRateHoweverFastTheApiAnswers() throws Exception {
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger posts = new AtomicInteger();
    api.createContext(
        "/products",
        ex -> {
          ex.getRequestBody().readAllBytes();
          posts.incrementAndGet();
          byte[] body =
              ("{\"id\":\"" + UUID.randomUUID() + "\",\"version\":1}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(201, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    api.start();
    AtomicBoolean running = new AtomicBoolean(true);
    try {
      // The first operations of a writer are creates, which this stub answers at once.
      RestWriter writer =
          new RestWriter(
              "http://127.0.0.1:" + api.getAddress().getPort(),
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
}
