package io.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.catalog.search.testing.EsIt;
import org.junit.jupiter.api.Test;

class SearchClientsIT {

  @Test
  void aClientOfSeveralNodesGoesOnThroughTheOthersWhileOneIsDown() throws Exception {
    // Port 1 refuses at once: the first node of the list is down.
    try (ElasticsearchClient client = SearchClients.create("http://127.0.0.1:1," + EsIt.url())) {
      for (int i = 0; i < 5; i++) {
        assertThat(client.cluster().health().status()).isNotEqualTo(HealthStatus.Red);
      }
    }
  }
}
