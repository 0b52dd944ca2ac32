package io.catalog.api.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.catalog.domain.diagnostics.HealthReasons;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health} in the seed runbook's format: {@code {"status":"ok","checks":{...}}}, 200
 * when every dependency answers, 503 and {@code "degraded"} with the failing check's reason
 * otherwise ({@code down: timeout|unreachable|error}, or the check's own sentence). The checks run
 * in parallel, each bounded in time.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
  private static final Logger log = LoggerFactory.getLogger(HealthResource.class);
  public static final List<String> CHECKS =
      List.of("database", "kafka", "elasticsearch", "temporal", "outbox_wakeups");
  private static final long BUDGET_MS = 4_000;

  private final HealthCheckRegistry registry;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "health-check");
            t.setDaemon(true);
            return t;
          });

  public HealthResource(HealthCheckRegistry registry) {
    this.registry = registry;
  }

  @GET
  public Response health() {
    Map<String, CompletableFuture<HealthCheck.Result>> running = new LinkedHashMap<>();
    for (String name : CHECKS) {
      running.put(
          name,
          CompletableFuture.supplyAsync(() -> run(name), executor)
              .completeOnTimeout(
                  HealthCheck.Result.unhealthy("no answer within " + BUDGET_MS + " ms"),
                  BUDGET_MS,
                  TimeUnit.MILLISECONDS));
    }
    Map<String, String> checks = new LinkedHashMap<>();
    boolean ok = true;
    for (var entry : running.entrySet()) {
      HealthCheck.Result result = entry.getValue().join();
      ok &= result.isHealthy();
      checks.put(
          entry.getKey(), result.isHealthy() ? "ok" : "down: " + reason(entry.getKey(), result));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? "ok" : "degraded");
    body.put("checks", checks);
    return Response.status(ok ? 200 : 503).entity(body).build();
  }

  /** Runs one check; one the application did not register is down, not a failed request. */
  private HealthCheck.Result run(String name) {
    return registry.getNames().contains(name)
        ? registry.runHealthCheck(name)
        : HealthCheck.Result.unhealthy("not registered");
  }

  /**
   * A check's own sentence where it wrote one for operators (the alias is missing, the index is
   * red); for a failure with an exception only its kind ({@link HealthReasons}), because /health is
   * public and the exception's text names hosts, users and SQL. The detail goes to the log.
   */
  private static String reason(String check, HealthCheck.Result result) {
    Throwable error = result.getError();
    if (error == null) {
      return result.getMessage() != null ? result.getMessage() : "unhealthy";
    }
    log.warn("health check {} failed: {}", check, error.toString());
    return HealthReasons.of(error);
  }
}
