package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeepAliveTest {
  private HttpServer server;
  private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/fixed",
        ex -> {
          clients.add(ex.getRemoteAddress());
          byte[] in = ex.getRequestBody().readAllBytes();
          byte[] out =
              ("{\"echo\":" + new String(in, StandardCharsets.UTF_8) + "}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(201, out.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
          }
        });
    server.createContext(
        "/chunked",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(422, 0); // length 0: chunked
          try (OutputStream o = ex.getResponseBody()) {
            o.write("{\"part\":1,".getBytes(StandardCharsets.UTF_8));
            o.flush();
            o.write("\"part\":2}".getBytes(StandardCharsets.UTF_8));
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void requestsReuseOneConnectionAndReadContentLengthBodies() throws IOException {
    try (KeepAlive c = new KeepAlive()) {
      for (int i = 0; i < 5; i++) {
        KeepAlive.Response r =
            c.post(uri("/fixed"), ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"echo\":{\"i\":" + i + "}}");
      }
    }
    assertThat(clients).hasSize(1);
  }

  @Test
  void chunkedBodiesAndErrorStatusesAreReadWhole() throws IOException {
    try (KeepAlive c = new KeepAlive()) {
      KeepAlive.Response r = c.post(uri("/chunked"), "{}".getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).isEqualTo("{\"part\":1,\"part\":2}");
      // The connection is still usable after a chunked response.
      assertThat(c.post(uri("/fixed"), "1".getBytes(StandardCharsets.UTF_8)).body())
          .isEqualTo("{\"echo\":1}");
    }
  }

  @Test
  void aConnectionTheServerDroppedIsReplacedOnce() throws IOException {
    try (KeepAlive c = new KeepAlive()) {
      assertThat(c.post(uri("/fixed"), "1".getBytes(StandardCharsets.UTF_8)).status())
          .isEqualTo(201);
      int port = server.getAddress().getPort();
      server.stop(0);
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      server.createContext(
          "/fixed",
          ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(201, 2);
            try (OutputStream o = ex.getResponseBody()) {
              o.write("ok".getBytes(StandardCharsets.UTF_8));
            }
          });
      server.start();
      assertThat(c.post(uri("/fixed"), "2".getBytes(StandardCharsets.UTF_8)).body())
          .isEqualTo("ok");
    }
  }
}
