package io.catalog.search.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch.cat.indices.IndicesRecord;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.localstack.LocalStack;
import io.catalog.search.SearchClients;
import io.catalog.search.index.SearchIndexes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The shared local stack's Elasticsearch under a name prefix of its own: every index and alias a
 * test makes starts with {@code it<random>-}, and {@link #close()} deletes them all.
 */
public final class EsIt implements AutoCloseable {
  public final PlatformNames names;
  public final ElasticsearchClient client;

  private EsIt(PlatformNames names, ElasticsearchClient client) {
    this.names = names;
    this.client = client;
  }

  public static String url() {
    return LocalStack.shared().endpoints().elasticsearchUrl();
  }

  public static EsIt open() {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + "-";
    return new EsIt(PlatformNames.withPrefix(prefix), SearchClients.create(url()));
  }

  public SearchIndexes indexes() {
    return new SearchIndexes(client, names);
  }

  /** Deletes every index of this prefix, by name (wildcard deletes are refused by the server). */
  public void deleteAll() {
    try {
      for (IndicesRecord r :
          client
              .cat()
              .indices(
                  c ->
                      c.index(names.prefix() + "*")
                          .expandWildcards(ExpandWildcard.Open, ExpandWildcard.Closed)
                          .h("index"))
              .indices()) {
        client.indices().delete(d -> d.index(r.index()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      deleteAll();
    } finally {
      try {
        client.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
