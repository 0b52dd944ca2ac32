package io.catalog.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalog.it.ItStack;
import io.catalog.it.ReadModel;
import io.catalog.it.TopicReader;
import io.catalog.it.WorkerProcess;
import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import io.catalog.search.SearchClients;
import io.catalog.search.index.SearchIndexes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The short fault-injection run: a mixed workload of REST creates, updates and deletes plus
 * commands, while the workers process is SIGKILLed, the API is SIGKILLed, and Kafka,
 * Elasticsearch and the Temporal dev server are stopped and started. Each fault lasts until the
 * workload has made progress through it. Then every invariant of the platform is checked.
 */
class ChaosIT {
  private static final Logger log = LoggerFactory.getLogger(ChaosIT.class);
  static final ItStack STACK = ItStack.create();
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static final List<String> REPORT = new ArrayList<>();

  static WorkerProcess workers;
  static Process api;
  static int apiPort;

  @AfterAll
  static void stop() throws Exception {
    if (workers != null) {
      workers.close();
    }
    if (api != null) {
      api.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    LocalStack.shared().ensureUp();
    STACK.close();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Process startApi() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path logFile = Path.of("target", "chaos-api.log").toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder(
                java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "io.catalog.api.ApiApplication", "server", "../config/api.yml")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Map<String, String> env = pb.environment();
    env.putAll(STACK.config(Map.of()).toEnv());
    env.put("API_PORT", Integer.toString(apiPort));
    env.put("ADMIN_PORT", "0");
    return pb.start();
  }

  static HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static boolean healthy() {
    try {
      return call("GET", "/health", null).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  static String body(Random random) {
    return "{\"seller_id\":\"" + UUID.randomUUID() + "\",\"title\":\"chaos " + random.nextInt(1_000_000)
        + "\",\"price\":" + random.nextInt(10_000) + "." + (10 + random.nextInt(89)) + ",\"stock\":" + random.nextInt(100) + "}";
  }

  /** REST writes: creates retried with the same Idempotency-Key until acknowledged, then updates and deletes. */
  static final class RestLoad implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final Random random = new Random(7);
    final List<String> ids = new ArrayList<>();

    @Override
    public void run() {
      while (running.get()) {
        try {
          int dice = random.nextInt(10);
          if (dice < 6 || ids.size() < 5) {
            create();
          } else if (dice < 9) {
            update(ids.get(random.nextInt(ids.size())));
          } else {
            delete(ids.remove(random.nextInt(ids.size())));
          }
        } catch (Exception e) {
          failedAttempts.incrementAndGet();
        }
      }
    }

    void create() throws Exception {
      String key = UUID.randomUUID().toString();
      String json = body(random);
      while (running.get()) {
        try {
          HttpResponse<String> r = call("POST", "/products", json, "Idempotency-Key", key);
          if (r.statusCode() == 201) {
            ids.add(JSON.readTree(r.body()).get("id").asText());
            acknowledged.incrementAndGet();
            return;
          }
        } catch (IOException e) {
          // The API is down: try the same key again, the server decides whether it is new.
        }
        failedAttempts.incrementAndGet();
        Thread.sleep(200); // the load generator's client back-off between retries, not synchronisation
      }
    }

    void update(String id) throws Exception {
      HttpResponse<String> current = call("GET", "/products/" + id, null);
      if (current.statusCode() != 200) {
        return;
      }
      long version = JSON.readTree(current.body()).get("version").asLong();
      if (call("PUT", "/products/" + id, body(random), "If-Match", "\"" + version + "\"").statusCode() == 200) {
        acknowledged.incrementAndGet();
      }
    }

    void delete(String id) throws Exception {
      if (call("DELETE", "/products/" + id, null).statusCode() == 204) {
        acknowledged.incrementAndGet();
      }
    }
  }

  void fault(String what, Runnable inject, Runnable heal, RestLoad load) {
    long before = load.acknowledged.get();
    long started = System.nanoTime();
    inject.run();
    // The fault lasts until the workload has gone on through it (or 15 s when it cannot).
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> load.acknowledged.get() - before >= 150 || System.nanoTime() - started > Duration.ofSeconds(15).toNanos());
    heal.run();
    String line = String.format("injected: %-40s for %4.1f s, %d writes acknowledged meanwhile", what,
        (System.nanoTime() - started) / 1e9, load.acknowledged.get() - before);
    REPORT.add(line);
    log.info(line);
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(ChaosIT::healthy);
  }

  static void stopServer(ManagedServer server) {
    server.stop();
  }

  @Test
  void everyInvariantHoldsAfterKillsAndOutagesDuringAMixedWorkload() throws Exception {
    apiPort = freePort();
    workers = WorkerProcess.start(STACK.config(Map.of("OUTBOX_SUPERVISE_SECONDS", "5")), "chaos-workers");
    api = startApi();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(ChaosIT::healthy);

    var producer =
        new KafkaProducer<String, String>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.endpoints.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    List<String> commands = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = UUID.randomUUID().toString();
      String command =
          "{\"command_id\":\"" + id + "\",\"command_type\":\"CreateProduct\",\"product\":{\"seller_id\":\"" + UUID.randomUUID()
              + "\",\"title\":\"command " + i + "\",\"price\":1.50,\"stock\":3}}";
      producer.send(new ProducerRecord<>(STACK.names.productCommands(), id, command));
      producer.send(new ProducerRecord<>(STACK.names.productCommands(), id, command));
      commands.add(id);
    }
    producer.flush();
    producer.close();

    RestLoad load = new RestLoad();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    pool.submit(load);
    LocalStack stack = LocalStack.shared();
    try {
      fault("SIGKILL workers process, restart", () -> kill(workers), () -> restartWorkers(), load);
      fault("SIGKILL API, restart", () -> api.destroyForcibly(), ChaosIT::restartApi, load);
      fault("Kafka broker stopped, started", () -> stopServer(stack.kafka()), () -> stack.kafka().start(), load);
      fault("Elasticsearch stopped, started", () -> stopServer(stack.elasticsearch()), () -> stack.elasticsearch().start(), load);
      fault("Temporal dev server stopped, started", () -> stopServer(stack.temporal()), () -> stack.temporal().start(), load);
    } finally {
      load.running.set(false);
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      stack.ensureUp();
    }
    REPORT.add("workload: " + load.acknowledged.get() + " acknowledged REST writes, " + load.failedAttempts.get()
        + " failed attempts, 100 command deliveries (50 distinct)");

    var jdbi = STACK.db.jdbi();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> STACK.db.count("status <> 'PUBLISHED'") == 0 && commandsApplied(commands) == commands.size());
    check("no outbox row PENDING or FAILED", STACK.db.count("status <> 'PUBLISHED'") == 0);
    long duplicated =
        jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM (SELECT aggregate_id, aggregate_version FROM outbox_events"
                    + " GROUP BY 1, 2 HAVING count(*) > 1) d").mapTo(Long.class).one());
    check("no product version has two events", duplicated == 0);
    long gaps =
        jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM products p WHERE p.version <> (SELECT count(*) FROM outbox_events o WHERE o.aggregate_id = p.id)")
            .mapTo(Long.class).one());
    check("every committed product change has its event", gaps == 0);
    check("each of 50 commands applied once (100 deliveries)", commandsApplied(commands) == 50
        && jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM products WHERE title LIKE 'command %'").mapTo(Long.class).one()) == 50);
    long published = STACK.db.count("true");
    long onTopic = TopicReader.readAll(STACK.endpoints.kafkaBootstrap(), STACK.names.productEvents()).stream()
        .map(r -> new String(r.headers().lastHeader("event_id").value())).distinct().count();
    check("every outbox event is on Kafka (" + published + " rows, " + onTopic + " distinct event ids)", onTopic == published);
    try (ElasticsearchClient es = SearchClients.create(STACK.endpoints.elasticsearchUrl())) {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(() -> ReadModel.differences(jdbi, es, STACK.names.searchAlias()).isEmpty());
      check("Elasticsearch equals the database field by field", ReadModel.differences(jdbi, es, STACK.names.searchAlias()).isEmpty());
      check("the alias points at exactly one index", new SearchIndexes(es, STACK.names).aliasHolders().size() == 1);
    }
    check("no dead-lettered event", TopicReader.readAll(STACK.endpoints.kafkaBootstrap(), STACK.names.dlqProductEvents()).isEmpty());
    check("no dead-lettered command", TopicReader.readAll(STACK.endpoints.kafkaBootstrap(), STACK.names.dlqProductCommands()).isEmpty());
    String report = String.join("\n", REPORT);
    log.info("chaos report:\n{}", report);
    Files.writeString(Path.of("target", "chaos-report.txt"), report + "\n");
    assertThat(REPORT).noneMatch(l -> l.startsWith("FAILED"));
  }

  static long commandsApplied(List<String> commands) {
    return STACK.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM processed_commands").mapTo(Long.class).one());
  }

  static void check(String invariant, boolean holds) {
    String line = (holds ? "checked: " : "FAILED:  ") + invariant;
    REPORT.add(line);
    log.info(line);
  }

  static void kill(WorkerProcess process) {
    try {
      process.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void restartWorkers() {
    try {
      workers = WorkerProcess.start(STACK.config(Map.of("OUTBOX_SUPERVISE_SECONDS", "5")), "chaos-workers");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void restartApi() {
    try {
      api.waitFor(30, TimeUnit.SECONDS);
      api = startApi();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
