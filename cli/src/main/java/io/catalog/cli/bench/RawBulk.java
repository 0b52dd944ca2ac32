package io.catalog.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.search.projection.BulkEndpoint;
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
 * streams} in flight, the same documents and action lines ({@link BulkEndpoint.Body}) and the same
 * external versions as the platform writes, straight into one concrete index. No client library, no
 * per-item bookkeeping: what Elasticsearch itself takes on this machine.
 */
public final class RawBulk {
  /** Tells a sender there are no more bodies (compared by identity). */
  private static final byte[] END = new byte[0];

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
    BlockingQueue<byte[]> bodies = new ArrayBlockingQueue<>(streams * 2);
    ExecutorService senders =
        Executors.newFixedThreadPool(streams, LoadRunner.daemon("bench-bulk"));
    long begin = System.nanoTime();
    List<Future<Long>> failures = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      failures.add(senders.submit(() -> send(bodies)));
    }
    long count = 0;
    Instant now = Instant.now();
    BulkEndpoint.Body body = new BulkEndpoint.Body();
    try {
      while (documents.hasNext()) {
        body.index(index, documents.next(), now);
        count++;
        if (body.operations() == batchSize) {
          bodies.put(body.toBytes());
          body = new BulkEndpoint.Body();
        }
      }
      if (body.operations() > 0) {
        bodies.put(body.toBytes());
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

  private long send(BlockingQueue<byte[]> bodies) throws Exception {
    long failed = 0;
    while (true) {
      byte[] body = bodies.take();
      if (body == END) {
        return failed;
      }
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + "/_bulk?filter_path=errors,items.*.error.type"))
              .timeout(Duration.ofMinutes(2))
              .header("Content-Type", "application/x-ndjson")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
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
