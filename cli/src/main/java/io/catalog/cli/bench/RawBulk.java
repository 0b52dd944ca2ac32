package io.catalog.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.search.projection.ProductDocument;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of W3 and W4: plain {@code POST /_bulk} requests of pre-serialised NDJSON, {@code
 * streams} in flight, the same documents ({@link ProductDocument#toSource}) and the same external
 * versions as the platform writes, straight into one concrete index. No client library, no per-item
 * bookkeeping: what Elasticsearch itself takes on this machine.
 */
public final class RawBulk {
  private static final String END = "__end__";

  private final HttpClient http = Elastic.httpClient();
  private final String base;

  public RawBulk(String elasticsearchBase) {
    this.base = elasticsearchBase;
  }

  /**
   * @param failed items Elasticsearch refused
   */
  public record Outcome(long documents, long failed, double seconds) {
    public double perSecond() {
      return documents / seconds;
    }
  }

  public Outcome load(String index, Iterator<ProductDocument> documents, int batchSize, int streams)
      throws Exception {
    BlockingQueue<String> bodies = new ArrayBlockingQueue<>(streams * 2);
    ExecutorService senders =
        Executors.newFixedThreadPool(streams, LoadRunner.daemon("bench-bulk"));
    long begin = System.nanoTime();
    List<Future<Long>> failures = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      failures.add(senders.submit(() -> send(bodies)));
    }
    long count = 0;
    Instant now = Instant.now();
    StringBuilder body = new StringBuilder();
    int inBody = 0;
    try {
      while (documents.hasNext()) {
        ProductDocument doc = documents.next();
        body.append("{\"index\":{\"_index\":\"")
            .append(index)
            .append("\",\"_id\":\"")
            .append(doc.documentId())
            .append("\",\"version\":")
            .append(doc.version())
            .append(",\"version_type\":\"external\"}}\n")
            .append(Json.write(doc.toSource(now)))
            .append('\n');
        count++;
        if (++inBody == batchSize) {
          bodies.put(body.toString());
          body.setLength(0);
          inBody = 0;
        }
      }
      if (inBody > 0) {
        bodies.put(body.toString());
      }
    } finally {
      for (int s = 0; s < streams; s++) {
        bodies.put(END);
      }
      senders.shutdown();
    }
    long failed = 0;
    for (Future<Long> f : failures) {
      failed += f.get(10, TimeUnit.MINUTES);
    }
    return new Outcome(count, failed, (System.nanoTime() - begin) / 1e9);
  }

  private long send(BlockingQueue<String> bodies) throws Exception {
    long failed = 0;
    while (true) {
      String body = bodies.take();
      if (END.equals(body)) {
        return failed;
      }
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + "/_bulk?filter_path=errors,items.*.error.type"))
              .timeout(Duration.ofMinutes(2))
              .header("Content-Type", "application/x-ndjson")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("_bulk answered " + response.statusCode() + ": " + response.body());
      }
      JsonNode answer = Json.mapper().readTree(response.body());
      if (answer.path("errors").asBoolean()) {
        failed += answer.path("items").size();
      }
    }
  }
}
