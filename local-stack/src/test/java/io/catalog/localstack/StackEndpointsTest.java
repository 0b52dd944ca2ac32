package io.catalog.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StackEndpointsTest {
  private final StackEndpoints test =
      StackEndpoints.of(new StackPorts(15432, 19092, 19093, 19200, 19300, 17233, 18233));

  @Test
  void withDatabaseChangesOnlyTheDatabaseOfTheJdbcUrl() {
    StackEndpoints other = test.withDatabase("it_0123abcd");
    assertThat(other.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/it_0123abcd");
    assertThat(other.withDatabase("platform")).isEqualTo(test);
  }

  @Test
  void appEnvironmentIsWhatTheApiAndTheWorkersRead() {
    Map<String, String> env = test.withDatabase("chaos_1").appEnvironment();
    assertThat(env)
        .containsExactly(
            Map.entry("DB_URL", "jdbc:postgresql://127.0.0.1:15432/chaos_1"),
            Map.entry("DB_USER", "platform"),
            Map.entry("DB_PASSWORD", "platform"),
            Map.entry("KAFKA_BOOTSTRAP", "127.0.0.1:19092"),
            Map.entry("ES_URL", "http://127.0.0.1:19200"),
            Map.entry("TEMPORAL_TARGET", "127.0.0.1:17233"));
    env.put("PLATFORM_NAME_PREFIX", "chaos-1-");
    assertThat(test.appEnvironment()).doesNotContainKey("PLATFORM_NAME_PREFIX");
  }
}
