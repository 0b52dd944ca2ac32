package io.catalog.domain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointsTest {
  private final Endpoints dev =
      new Endpoints(
          "jdbc:postgresql://127.0.0.1:15432/platform?ssl=false",
          "u",
          "p",
          "127.0.0.1:19092",
          "http://127.0.0.1:19200/",
          "127.0.0.1:17233",
          "default",
          "it-");

  @Test
  void theEnvironmentItWritesReadsBackIntoTheSameEndpoints() {
    assertThat(Endpoints.fromEnv(dev.toEnv())).isEqualTo(dev);
  }

  @Test
  void unsetOrBlankVariablesKeepTheDefaultsButAnEmptyPrefixIsAValue() {
    Map<String, String> env = new HashMap<>();
    env.put(Endpoints.KAFKA_BOOTSTRAP, " ");
    env.put(Endpoints.ES_URL, "http://es:9200");
    Endpoints read = Endpoints.fromEnv(env::get, dev);
    assertThat(read.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(read.elasticsearchUrl()).isEqualTo("http://es:9200");
    assertThat(read.namePrefix()).isEqualTo("it-");

    env.put(Endpoints.PLATFORM_NAME_PREFIX, "");
    assertThat(Endpoints.fromEnv(env::get, dev).namePrefix()).isEmpty();
  }

  @Test
  void anotherDatabaseKeepsTheServerAndTheUrlParameters() {
    Endpoints other = dev.withDatabase("it_0123abcd");
    assertThat(other.dbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/it_0123abcd?ssl=false");
    assertThat(other.withDatabase("platform").dbUrl()).isEqualTo(dev.dbUrl());
    assertThat(Endpoints.DEFAULTS.withDatabase("x").dbUrl())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
  }

  @Test
  void namesAndTheSearchBaseFollowTheFields() {
    assertThat(dev.names().searchAlias()).isEqualTo("it-product_search");
    assertThat(dev.elasticsearchBase()).isEqualTo("http://127.0.0.1:19200");
  }

  @Test
  void aClustersNodesAreAllNamedAndTheFirstIsTheBase() {
    Endpoints cluster =
        Endpoints.fromEnv(
            Map.of("ES_URL", "http://es-1:9200/, http://es-2:9200,,http://es-3:9200"));

    assertThat(cluster.elasticsearchNodes())
        .containsExactly("http://es-1:9200", "http://es-2:9200", "http://es-3:9200");
    assertThat(cluster.elasticsearchBase()).isEqualTo("http://es-1:9200");
  }

  @Test
  void aMissingEndpointIsRefused() {
    assertThatThrownBy(() -> Endpoints.DEFAULTS.withNamePrefix(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
