package io.catalog.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.catalog.domain.config.Endpoints;
import io.catalog.domain.json.Json;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the one {@link ElasticsearchClient} a process shares (it is thread-safe and pools its
 * connections). Closing the client closes its transport and connection pool.
 *
 * <p>Never call {@code info()} or {@code ping()} on it: the integ-test distribution answers {@code
 * GET /} with 405 (docs/architecture.md, "Facts about the servers that shaped the code"); probe
 * {@code /_cluster/health} instead.
 */
public final class SearchClients {
  /** A node that is down refuses at once on loopback; a black-holed one should not hang callers. */
  static final long CONNECT_TIMEOUT_MS = 2_000;

  /** Idle time on an open socket: a bulk of a thousand documents answers well within this. */
  static final long SOCKET_TIMEOUT_MS = 30_000;

  /** Whole response, so that a stuck request frees its consumer thread for a retry. */
  static final long RESPONSE_TIMEOUT_MS = 60_000;

  /** Waiting for a pooled connection longer than this means the pool is the bottleneck. */
  static final long POOL_TIMEOUT_MS = 5_000;

  private SearchClients() {}

  /**
   * @param elasticsearchUrl e.g. {@code http://127.0.0.1:9200}, or a cluster's nodes separated by
   *     commas: a request that cannot reach one node is retried on the next, and a node that
   *     refused is left out for a while (the low-level client's dead-node list)
   */
  public static ElasticsearchClient create(String elasticsearchUrl) {
    URI[] nodes =
        Endpoints.elasticsearchNodes(elasticsearchUrl).stream()
            .map(URI::create)
            .toArray(URI[]::new);
    Rest5Client rest =
        Rest5Client.builder(nodes)
            .setConnectionConfigCallback(
                c ->
                    c.setConnectTimeout(Timeout.of(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                        .setSocketTimeout(Timeout.of(SOCKET_TIMEOUT_MS, TimeUnit.MILLISECONDS)))
            .setRequestConfigCallback(
                r ->
                    r.setConnectionRequestTimeout(
                            Timeout.of(POOL_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                        .setResponseTimeout(Timeout.of(RESPONSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)))
            .build();
    // A copy: the client's mapper reconfigures the ObjectMapper it is given.
    JacksonJsonpMapper mapper = new JacksonJsonpMapper(Json.mapper().copy());
    return new ElasticsearchClient(new Rest5ClientTransport(rest, mapper));
  }
}
