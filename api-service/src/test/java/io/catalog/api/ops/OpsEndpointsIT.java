package io.catalog.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.api.ApiConfiguration;
import io.catalog.api.ops.auth.OpsRoles;
import io.catalog.api.ops.auth.OpsToken;
import io.catalog.api.testing.ApiHarness;
import io.catalog.domain.json.Json;
import io.catalog.search.SearchClients;
import io.catalog.search.index.SearchIndexes;
import io.catalog.workers.dlq.ProjectionOpsWorker;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.testing.ItStack;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The ops endpoints on the real API: bearer tokens (401 without or with a wrong one, 403 for a
 * read-only token on a mutating call, JSON errors), one audit line per mutating call, and admin
 * calls carried out by the projection-ops workflows.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpsEndpointsIT {
  static final ItStack STACK = ItStack.create();
  static final ApiHarness API = new ApiHarness(STACK.db.jdbcUrl(), STACK.names.prefix());
  static final DropwizardAppExtension<ApiConfiguration> APP = API.app;
  static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();
  static ProjectionOpsWorker worker;
  static String adminToken;
  static String readToken;

  @BeforeAll
  static void start() throws Exception {
    try (TopicProvisioner topics = TopicProvisioner.connect(STACK.endpoints.kafkaBootstrap())) {
      topics.provision(TopicSpec.platformTopics(STACK.names, 3));
    }
    try (ElasticsearchClient es = SearchClients.create(STACK.endpoints.elasticsearchUrl())) {
      new SearchIndexes(es, STACK.names).ensureAlias();
    }
    worker = ProjectionOpsWorker.start(STACK);
    for (OpsToken t : APP.getConfiguration().getOps().getTokens()) {
      if (t.role().equals(OpsRoles.ADMIN)) {
        adminToken = t.token();
      } else {
        readToken = t.token();
      }
    }
    // After the application configured logging: it resets logback when it starts.
    AUDIT.start();
    ((Logger) LoggerFactory.getLogger(OpsAudit.LOGGER)).addAppender(AUDIT);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      STACK
          .client
          .newUntypedWorkflowStub(STACK.names.dlqTriageWorkflowId())
          .terminate("test finished");
    } catch (RuntimeException e) {
      // never started
    }
    worker.close();
    try (ElasticsearchClient es = SearchClients.create(STACK.endpoints.elasticsearchUrl())) {
      SearchIndexes indexes = new SearchIndexes(es, STACK.names);
      es.indices().deleteAlias(d -> d.index("*").name(indexes.alias()));
      for (var index : indexes.listIndices()) {
        indexes.deleteIndex(index.name());
      }
    }
    STACK.close();
  }

  @BeforeEach
  void clearAudit() {
    AUDIT.list.clear();
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.mapper().readTree(r.body());
  }

  static List<String> auditLines() {
    return AUDIT.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  static void park(String errorClass, long offset) {
    STACK
        .db
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO dlq_entries (event_id, dlq_topic, dlq_partition, dlq_offset, original_topic,"
                            + " error_class, exception_class, attempts) VALUES (:e, :t, 0, :o, :ot, :c, 'x', 3)")
                    .bind("e", UUID.randomUUID())
                    .bind("t", STACK.names.dlqProductEvents())
                    .bind("o", offset)
                    .bind("ot", STACK.names.productEvents())
                    .bind("c", errorClass)
                    .execute());
  }

  @Test
  void noTokenOrAWrongOneIs401WithAJsonErrorAndTheAttemptIsAudited() throws Exception {
    HttpResponse<String> none = API.get("/ops/dlq");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ops\"");
    assertThat(json(none).path("detail").asText()).isEqualTo("unauthorized");
    assertThat(json(none).path("errors").get(0).path("field").asText()).isEqualTo("Authorization");

    HttpResponse<String> wrong =
        API.send("GET", "/ops/rebuilds", null, bearer("not-the-token-at-all"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(json(wrong).path("detail").asText()).isEqualTo("unauthorized");
    assertThat(
            API.send("GET", "/ops/dlq", null, Map.of("Authorization", "Basic " + adminToken))
                .statusCode())
        .isEqualTo(401);
    assertThat(auditLines()).as("reads are not audited").isEmpty();

    HttpResponse<String> replay = API.post("/ops/dlq/replay", "{}");
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(auditLines())
        .containsExactly(
            "audit: principal=anonymous action=POST ops/dlq/replay filter=- result=401 unauthorized");
    // The product API stays open.
    assertThat(API.get("/products").statusCode()).isEqualTo(200);
  }

  @Test
  void aReadTokenReadsButEveryMutatingCallIs403() throws Exception {
    HttpResponse<String> list = API.send("GET", "/ops/dlq?status=PARKED", null, bearer(readToken));
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(json(list).has("entries")).isTrue();
    assertThat(json(list).path("counts").has("PARKED")).isTrue();
    HttpResponse<String> rebuilds = API.send("GET", "/ops/rebuilds", null, bearer(readToken));
    assertThat(rebuilds.statusCode()).isEqualTo(404);
    assertThat(json(rebuilds).path("detail").asText()).isEqualTo("no rebuild has run");
    assertThat(API.send("GET", "/ops/dlq?class=nonsense", null, bearer(readToken)).statusCode())
        .isEqualTo(400);

    for (String path : List.of("/ops/dlq/replay", "/ops/dlq/discard", "/ops/replays")) {
      HttpResponse<String> refused = API.post(path, "{}", bearer(readToken));
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(json(refused).path("detail").asText()).isEqualTo("forbidden");
    }
    assertThat(auditLines())
        .containsExactly(
            "audit: principal=ops-read action=POST ops/dlq/replay filter=- result=403 forbidden",
            "audit: principal=ops-read action=POST ops/dlq/discard filter=- result=403 forbidden",
            "audit: principal=ops-read action=POST ops/replays filter=- result=403 forbidden");
  }

  @Test
  void anAdminDiscardIsAuditedOnceAndCarriedOutByTheTriageWorkflow() throws Exception {
    park("malformed", 1_000);
    park("malformed", 1_001);
    park("validation", 1_002);

    HttpResponse<String> dry =
        API.post(
            "/ops/dlq/discard", "{\"class\":\"malformed\",\"dry_run\":true}", bearer(adminToken));
    assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
    assertThat(json(dry).path("matched").asInt()).isEqualTo(2);
    assertThat(auditLines())
        .containsExactly(
            "audit: principal=ops-admin action=dlq.discard filter={class=malformed, dry_run=true} result=200 dry run, 2 matched");
    AUDIT.list.clear();

    HttpResponse<String> discard =
        API.post("/ops/dlq/discard", "{\"class\":\"malformed\"}", bearer(adminToken));

    assertThat(discard.statusCode()).as(discard.body()).isEqualTo(202);
    assertThat(json(discard).path("workflow_id").asText())
        .isEqualTo(STACK.names.dlqTriageWorkflowId());
    assertThat(auditLines())
        .containsExactly(
            "audit: principal=ops-admin action=dlq.discard filter={class=malformed} result=202 accepted, 2 matched");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode entries =
                  json(API.send("GET", "/ops/dlq?class=malformed", null, bearer(readToken)))
                      .path("entries");
              return entries.size() == 2
                  && entries.findValuesAsText("status").stream().allMatch("DISCARDED"::equals);
            });
    JsonNode discarded =
        json(API.send("GET", "/ops/dlq?status=DISCARDED", null, bearer(adminToken)))
            .path("entries");
    assertThat(discarded.findValuesAsText("resolved_by")).containsOnly("ops-admin");
    JsonNode parked =
        json(API.send("GET", "/ops/dlq?status=PARKED", null, bearer(readToken))).path("entries");
    assertThat(parked.findValuesAsText("error_class")).containsExactly("validation");

    HttpResponse<String> bad =
        API.post("/ops/dlq/replay", "{\"class\":\"malformed\",\"colour\":1}", bearer(adminToken));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("errors").get(0).path("field").asText()).isEqualTo("colour");
  }

  @Test
  void anAdminStartsAReplayAndAReaderFollowsIt() throws Exception {
    HttpResponse<String> started =
        API.post("/ops/replays", "{\"from\":\"earliest\",\"batch_size\":500}", bearer(adminToken));

    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String id = json(started).path("workflow_id").asText();
    assertThat(id).startsWith(STACK.names.prefix() + "replay-product-event-projection-group-");
    assertThat(started.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/ops/replays/" + id));
    assertThat(json(started).path("pause").asText())
        .contains("temporal workflow signal --workflow-id " + id + " --name pause");
    assertThat(auditLines())
        .singleElement()
        .asString()
        .startsWith(
            "audit: principal=ops-admin action=replay.start filter={from=earliest, batchSize=500} result=201 started "
                + id);

    JsonNode done =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> json(API.send("GET", "/ops/replays/" + id, null, bearer(readToken))),
                r -> "COMPLETED".equals(r.path("status").asText()));
    assertThat(done.path("progress").path("phase").asText()).isEqualTo("completed");
    assertThat(done.path("progress").has("processed") && done.path("progress").has("total"))
        .isTrue();

    AUDIT.list.clear();
    HttpResponse<String> late =
        API.send("POST", "/ops/replays/" + id + "/pause", null, bearer(adminToken));
    assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
    assertThat(auditLines())
        .singleElement()
        .asString()
        .startsWith(
            "audit: principal=ops-admin action=replay.pause filter={id=" + id + "} result=409 ");
    assertThat(
            API.send("GET", "/ops/replays/outbox-publisher-0", null, bearer(readToken))
                .statusCode())
        .isEqualTo(404);
    HttpResponse<String> badFrom =
        API.post("/ops/replays", "{\"from\":\"yesterday\"}", bearer(adminToken));
    assertThat(badFrom.statusCode()).isEqualTo(400);
    assertThat(json(badFrom).path("errors").get(0).path("field").asText()).isEqualTo("from");
    // The document's form, naming a partition twice: understood, and impossible.
    HttpResponse<String> twice =
        API.post("/ops/replays", "{\"from\":\"0:3,0:5\"}", bearer(adminToken));
    assertThat(twice.statusCode()).isEqualTo(422);
    assertThat(json(twice).path("errors").get(0).path("message").asText())
        .contains("partition 0 given twice");
  }
}
