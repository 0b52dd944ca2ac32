package io.catalog.workers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.catalog.domain.json.Json;
import io.catalog.domain.metrics.MetricsExport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} (Prometheus text, {@link MetricsExport}) and {@code GET /health} ({@code
 * {"status":"ok"|"degraded","checks":{...},"outbox":{...},"consumers":{...}}}, 200 or 503) on the
 * JDK's own HTTP server: the worker process has no Dropwizard application to host them. It listens
 * on loopback unless told otherwise (WORKERS_OPS_BIND), and a check's answer is a short stable
 * reason, never a dependency's raw error text (docs/architecture.md, "Consumers").
 */
final class OpsHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);

  /**
   * One named check: null when healthy, otherwise a short reason (never a raw exception message).
   */
  record Check(String name, Supplier<Object> problem) {}

  private final HttpServer server;
  private final MetricsExport metrics;

  private OpsHttpServer(HttpServer server, MetricsExport metrics) {
    this.server = server;
    this.metrics = metrics;
  }

  /**
   * @param details sections shown after the checks, by name (the outbox backlog, the consumers)
   */
  static OpsHttpServer start(
      String bind,
      int port,
      MetricsExport metrics,
      Iterable<Check> checks,
      Map<String, Supplier<Object>> details)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 0);
    OpsHttpServer ops = new OpsHttpServer(http, metrics);
    http.createContext("/metrics", ops::metrics);
    http.createContext("/health", exchange -> ops.health(exchange, checks, details));
    http.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ops-http");
              t.setDaemon(true);
              return t;
            }));
    http.start();
    return ops;
  }

  int port() {
    return server.getAddress().getPort();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private void metrics(HttpExchange exchange) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    metrics.write(body);
    respond(exchange, 200, MetricsExport.CONTENT_TYPE, body.toByteArray());
  }

  private void health(
      HttpExchange exchange, Iterable<Check> checks, Map<String, Supplier<Object>> details)
      throws IOException {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode results = Json.mapper().createObjectNode();
    boolean healthy = true;
    for (Check check : checks) {
      Object problem;
      try {
        problem = check.problem().get();
      } catch (RuntimeException e) {
        log.warn("health check {} failed", check.name(), e);
        problem = "error";
      }
      healthy &= problem == null;
      results.set(check.name(), Json.mapper().valueToTree(problem == null ? "ok" : problem));
    }
    root.put("status", healthy ? "ok" : "degraded");
    root.set("checks", results);
    details.forEach((name, detail) -> root.set(name, Json.mapper().valueToTree(detail.get())));
    respond(
        exchange,
        healthy ? 200 : 503,
        "application/json",
        Json.write(root).getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
