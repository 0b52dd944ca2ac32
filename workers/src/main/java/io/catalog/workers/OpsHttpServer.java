package io.catalog.workers;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.catalog.json.Json;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
 * {@code GET /metrics} (Prometheus text of the worker's Dropwizard registry) and {@code GET
 * /health} ({@code {"status":"ok"|"degraded","checks":{...},"outbox":{...},"consumers":{...}}},
 * 200 or 503) on the JDK's own HTTP server: the worker process has no Dropwizard application to
 * host them. It listens on loopback unless told otherwise (WORKERS_OPS_BIND), and a check's answer
 * is a short stable reason, never a dependency's raw error text (docs/architecture.md, "Consumers").
 */
final class OpsHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);

  /** One named check: null when healthy, otherwise a short reason (never a raw exception message). */
  record Check(String name, Supplier<Object> problem) {}

  private final HttpServer server;
  private final PrometheusRegistry prometheus = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private OpsHttpServer(HttpServer server) {
    this.server = server;
  }

  /**
   * @param details sections shown after the checks, by name (the outbox backlog, the consumers)
   */
  static OpsHttpServer start(
      String bind,
      int port,
      MetricRegistry metrics,
      Iterable<Check> checks,
      Map<String, Supplier<Object>> details)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 0);
    OpsHttpServer ops = new OpsHttpServer(http);
    DropwizardExports.builder().dropwizardRegistry(metrics).register(ops.prometheus);
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
    writer.write(body, prometheus.scrape());
    respond(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, body.toByteArray());
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
