package io.catalog.search.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseListener;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Where {@link ProjectionWriter} sends its {@code _bulk} bodies: one NDJSON body per request,
 * serialised once by the caller into fixed chunks ({@link ChunkedBytes}) that the request streams.
 * The Java client's typed bulk re-serialises every document through its JSON mapper and hands the
 * body to its I/O reactor as many small buffers, which was a quarter of the rebuild's load time in
 * a profile (docs/benchmarks.md, W4).
 *
 * <p>The answer is filtered to what the writer classifies (each item's status and error type and
 * reason), so the response is a few bytes per document instead of the whole item.
 */
@FunctionalInterface
public interface BulkEndpoint {

  /** What Elasticsearch answered for one operation of a bulk request. */
  record Item(int status, String errorType, String errorReason) {}

  /**
   * Sends one body. Completes with one item per operation, in body order; completes exceptionally
   * when the request failed as a whole (an error status, a refused connection, a timeout, or an
   * answer without one item per operation).
   *
   * @param requireAlias the request's {@code require_alias}: through the alias a write to a missing
   *     alias must fail, not create an index
   */
  CompletableFuture<List<Item>> send(Body body, boolean requireAlias);

  /** An NDJSON {@code _bulk} body of index operations, and how many it holds. */
  final class Body {
    private final ChunkedBytes bytes = new ChunkedBytes();
    private final JsonGenerator json;
    private int operations;

    public Body() {
      try {
        json = Json.mapper().getFactory().createGenerator(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      json.setRootValueSeparator(null);
    }

    /**
     * Appends an index operation of {@code doc} with its version as the external version, and its
     * source, written straight into the body.
     */
    public Body index(String index, ProductDocument doc, Instant indexedAt) {
      try {
        json.writeStartObject();
        json.writeObjectFieldStart("index");
        json.writeStringField("_index", index);
        json.writeStringField("_id", doc.documentId());
        json.writeNumberField("version", doc.version());
        json.writeStringField("version_type", "external");
        json.writeEndObject();
        json.writeEndObject();
        json.writeRaw('\n');
        doc.writeSource(json, indexedAt);
        json.writeRaw('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      operations++;
      return this;
    }

    public int operations() {
      return operations;
    }

    /** The NDJSON bytes in one array; the body takes no more operations after this. */
    public byte[] toBytes() {
      close();
      return bytes.toByteArray();
    }

    /**
     * The NDJSON bytes as a request entity that streams them from the body's chunks; the body takes
     * no more operations after this.
     */
    HttpEntity entity(ContentType type) {
      close();
      return bytes.entity(type);
    }

    private void close() {
      try {
        json.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The {@code _bulk} endpoint of the cluster {@code client} talks to, on its connection pool. */
  static BulkEndpoint of(ElasticsearchClient client) {
    if (!(client._transport() instanceof Rest5ClientTransport transport)) {
      throw new IllegalArgumentException(
          "bulk writes need the Rest5 transport of SearchClients.create, not "
              + client._transport().getClass().getName());
    }
    Rest5Client rest = transport.restClient();
    ContentType ndjson = ContentType.create("application/x-ndjson");
    return (body, requireAlias) -> {
      int expected = body.operations();
      Request request = new Request("POST", "/_bulk");
      request.addParameter("require_alias", Boolean.toString(requireAlias));
      request.addParameter("filter_path", "items.*.status,items.*.error.type,items.*.error.reason");
      request.setEntity(body.entity(ndjson));
      CompletableFuture<List<Item>> answer = new CompletableFuture<>();
      rest.performRequestAsync(
          request,
          new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
              try {
                answer.complete(items(EntityUtils.toByteArray(response.getEntity()), expected));
              } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
              }
            }

            @Override
            public void onFailure(Exception e) {
              answer.completeExceptionally(e);
            }
          });
      return answer;
    };
  }

  /** The filtered answer's items, one per operation, or an exception if there are not that many. */
  static List<Item> items(byte[] answer, int expected) throws IOException {
    JsonNode items = Json.mapper().readTree(answer).path("items");
    if (items.size() != expected) {
      throw new IOException(
          "the _bulk answer has " + items.size() + " items for " + expected + " operations");
    }
    List<Item> out = new ArrayList<>(expected);
    for (JsonNode item : items) {
      // Each item is {"<operation>": {...}}: the one field holds the outcome.
      JsonNode outcome = item.elements().next();
      JsonNode error = outcome.path("error");
      out.add(
          new Item(
              outcome.path("status").asInt(0),
              error.path("type").asText(null),
              error.path("reason").asText(null)));
    }
    return out;
  }
}
