package io.catalog.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthResourceTest {

  private static HealthCheck failingWith(Exception e) {
    return new HealthCheck() {
      @Override
      protected Result check() throws Exception {
        throw e;
      }
    };
  }

  private static HealthCheck healthy() {
    return new HealthCheck() {
      @Override
      protected Result check() {
        return Result.healthy();
      }
    };
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCheckNobodyRegisteredIsDownNotAnError() {
    HealthCheckRegistry registry = new HealthCheckRegistry();
    HealthResource.CHECKS.stream()
        .filter(name -> !name.equals("outbox_wakeups"))
        .forEach(name -> registry.register(name, healthy()));

    Response response = new HealthResource(registry).health();

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat((Map<String, String>) ((Map<String, Object>) response.getEntity()).get("checks"))
        .containsEntry("outbox_wakeups", "down: not registered")
        .containsEntry("database", "ok");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aFailedDependencyIsNamedByKindAndItsExceptionTextIsNotEchoed() {
    HealthCheckRegistry registry = new HealthCheckRegistry();
    registry.register(
        "database",
        failingWith(
            new SQLException("Connection to db.internal:5432 refused for user platform", "08001")));
    registry.register(
        "kafka",
        failingWith(new IllegalStateException("broker kafka-0.internal:9092 secret detail")));
    registry.register(
        "elasticsearch",
        new HealthCheck() {
          @Override
          protected Result check() {
            return Result.unhealthy(
                "alias product_search is missing (HTTP 404): rebuild the read model");
          }
        });
    registry.register("temporal", failingWith(new ConnectException("temporal.internal:7233")));
    registry.register(
        "outbox_wakeups",
        DependencyChecks.of(() -> "the outbox wake-up sender stopped (OutOfMemoryError)"));

    Response response = new HealthResource(registry).health();

    assertThat(response.getStatus()).isEqualTo(503);
    Map<String, String> checks =
        (Map<String, String>) ((Map<String, Object>) response.getEntity()).get("checks");
    assertThat(checks)
        .containsEntry("database", "down: unreachable")
        .containsEntry("kafka", "down: error")
        .containsEntry(
            "elasticsearch",
            "down: alias product_search is missing (HTTP 404): rebuild the read model")
        .containsEntry("temporal", "down: unreachable")
        .containsEntry(
            "outbox_wakeups", "down: the outbox wake-up sender stopped (OutOfMemoryError)");
    assertThat(checks.toString()).doesNotContain("internal", "platform", "secret");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyCheckOkIs200() {
    HealthCheckRegistry registry = new HealthCheckRegistry();
    HealthResource.CHECKS.forEach(name -> registry.register(name, healthy()));
    Response response = new HealthResource(registry).health();
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(((Map<String, Object>) response.getEntity()).get("status")).isEqualTo("ok");
  }
}
