package io.catalog.api.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.catalog.domain.config.Endpoints;
import io.catalog.operations.temporal.TemporalConnection;
import io.dropwizard.lifecycle.Managed;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Health checks for the three dependencies the connection pool does not cover. Each answers within
 * {@link #TIMEOUT} so that /health stays fast while a dependency is down.
 */
public final class DependencyChecks implements Managed {
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /**
   * The one client these checks own: the HTTP client needs no closing, the Temporal stubs belong to
   * the application's connection.
   */
  private final Admin kafka;

  private DependencyChecks(Admin kafka) {
    this.kafka = kafka;
  }

  public static DependencyChecks create(
      Endpoints endpoints, TemporalConnection temporal, HealthCheckRegistry registry) {
    Admin kafka =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrap(),
                // Fail a probe fast instead of retrying for the default minute.
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                // Reconnect quickly once the broker is back.
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                1000,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "api-health"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    registry.register("kafka", kafkaCheck(kafka));
    registry.register(
        "elasticsearch",
        elasticsearchCheck(http, endpoints.elasticsearchNodes(), endpoints.names().searchAlias()));
    registry.register("temporal", temporalCheck(temporal.stubs()));
    return new DependencyChecks(kafka);
  }

  /** A check of a part of this process: healthy while {@code problem} answers null. */
  public static HealthCheck of(Supplier<String> problem) {
    return new HealthCheck() {
      @Override
      protected Result check() {
        String reason = problem.get();
        return reason == null ? Result.healthy() : Result.unhealthy(reason);
      }
    };
  }

  private static HealthCheck kafkaCheck(Admin kafka) {
    return new HealthCheck() {
      @Override
      protected Result check() throws Exception {
        int nodes =
            kafka
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                .nodes()
                .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
                .size();
        return nodes > 0 ? Result.healthy() : Result.unhealthy("no broker in the cluster");
      }
    };
  }

  /**
   * The search alias exists (searches need it; a rebuild restores it) and the index behind it is
   * not red. Other indices of the cluster do not count: a red index nobody searches must not take
   * the catalog out of a load balancer. Asks the nodes in turn until one answers: one node down is
   * the cluster's business, not the catalog's.
   */
  private static HealthCheck elasticsearchCheck(HttpClient http, List<String> nodes, String alias) {
    return new HealthCheck() {
      @Override
      protected Result check() throws Exception {
        Exception unreachable = null;
        for (String node : nodes) {
          try {
            return aliasHealth(http, node, alias);
          } catch (IOException e) {
            unreachable = e;
          }
        }
        throw unreachable;
      }
    };
  }

  private static HealthCheck.Result aliasHealth(HttpClient http, String node, String alias)
      throws IOException, InterruptedException {
    int aliasStatus = get(http, URI.create(node + "/_alias/" + alias)).statusCode();
    if (aliasStatus != 200) {
      return HealthCheck.Result.unhealthy(
          "alias " + alias + " is missing (HTTP " + aliasStatus + "): rebuild the read model");
    }
    HttpResponse<String> response = get(http, URI.create(node + "/_cluster/health/" + alias));
    if (response.statusCode() != 200) {
      return HealthCheck.Result.unhealthy(
          "HTTP " + response.statusCode() + " from the cluster health of " + alias);
    }
    if (response.body().contains("\"status\":\"red\"")) {
      return HealthCheck.Result.unhealthy(
          "the index behind " + alias + " is red (its shard is not allocated yet)");
    }
    return HealthCheck.Result.healthy();
  }

  private static HttpResponse<String> get(HttpClient http, URI uri)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HealthCheck temporalCheck(WorkflowServiceStubs temporal) {
    return new HealthCheck() {
      @Override
      protected Result check() {
        try {
          temporal
              .blockingStub()
              .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
          return Result.healthy();
        } catch (RuntimeException e) {
          // gRPC backs off reconnects for up to minutes; probe again right away next time.
          temporal.getRawChannel().resetConnectBackoff();
          return Result.unhealthy(e);
        }
      }
    };
  }

  @Override
  public void stop() {
    kafka.close(Duration.ofSeconds(2));
  }
}
