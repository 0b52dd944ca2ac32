package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.ProductService;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.testing.ItStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Topics come from code, idempotently, with leaders before the first send; wrong ones are reported.
 */
class TopicProvisionerIT {
  private static ItStack it;
  private static Admin admin;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void start() {
    it = ItStack.create();
    admin = it.kafkaAdmin();
  }

  @AfterAll
  static void stop() {
    admin.close();
    it.close();
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger("org.apache.kafka").addAppender(logs);
    logger(TopicProvisioner.class.getName()).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger("org.apache.kafka").detachAppender(logs);
    logger(TopicProvisioner.class.getName()).detachAppender(logs);
  }

  @Test
  void firstPublishToFreshTopicsLogsNoMetadataWarning() throws Exception {
    ProductService service = new ProductService(it.db.jdbi(), it.names);
    long written = ProductWriters.write(service, 1, 80);

    try (OneShotPublisher oneShot = OneShotPublisher.connect(it.config(Map.of()))) {
      assertThat(oneShot.publishPending().published()).isEqualTo(written);
    }

    assertThat(logs.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(
            m ->
                m.contains("LEADER_NOT_AVAILABLE")
                    || m.contains("NOT_LEADER_OR_FOLLOWER")
                    || m.contains("OUT_OF_ORDER_SEQUENCE_NUMBER")
                    || m.contains("UNKNOWN_TOPIC")
                    || m.contains("Error while fetching metadata"));
    Map<String, org.apache.kafka.clients.admin.TopicDescription> topics =
        admin
            .describeTopics(List.of(it.names.productEvents()))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS);
    assertThat(topics.get(it.names.productEvents()).partitions()).hasSize(3);
    Config config =
        admin
            .describeConfigs(List.of(topic(it.names.productEvents())))
            .all()
            .get(30, TimeUnit.SECONDS)
            .get(topic(it.names.productEvents()));
    assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    assertThat(config.get("retention.ms").value()).isEqualTo("-1");
  }

  @Test
  void provisioningTwiceChangesNothingAndFindsNoProblem() {
    PlatformNames names = PlatformNames.withPrefix(it.names.prefix() + "twice-");
    try (TopicProvisioner topics = TopicProvisioner.connect(it.endpoints.kafkaBootstrap())) {
      assertThat(topics.provision(TopicSpec.platformTopics(names, 3))).isEmpty();
      assertThat(topics.provision(TopicSpec.platformTopics(names, 3))).isEmpty();
      assertThat(topics.problems()).isEmpty();
    } finally {
      deleteTopics(names);
    }
  }

  @Test
  void anExistingTopicWithWrongSettingsIsReported() throws Exception {
    PlatformNames names = PlatformNames.withPrefix(it.names.prefix() + "wrong-");
    admin
        .createTopics(
            List.of(
                new NewTopic(names.productEvents(), Optional.of(1), Optional.empty())
                    .configs(Map.of("cleanup.policy", "delete"))))
        .all()
        .get(30, TimeUnit.SECONDS);
    try (TopicProvisioner topics = TopicProvisioner.connect(it.endpoints.kafkaBootstrap())) {
      List<String> problems = topics.provision(TopicSpec.platformTopics(names, 3));

      assertThat(problems)
          .containsExactlyInAnyOrder(
              "topic " + names.productEvents() + " has 1 partitions, needs at least 3",
              "topic " + names.productEvents() + " has cleanup.policy=delete, needs compact",
              "topic " + names.productEvents() + " has retention.ms=604800000, needs -1");
      assertThat(topics.problems()).isEqualTo(problems);
      assertThat(logs.list)
          .filteredOn(e -> e.getLevel() == Level.ERROR)
          .extracting(ILoggingEvent::getFormattedMessage)
          .contains("Kafka topic problem: " + problems.get(0));
      // The other topics were created all the same.
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .contains(names.productCommands(), names.dlqProductEvents(), names.dlqProductCommands());
    } finally {
      deleteTopics(names);
    }
  }

  @Test
  void anExistingDeadLetterTopicWithShorterRetentionIsKeptForever() throws Exception {
    PlatformNames names = PlatformNames.withPrefix(it.names.prefix() + "dlqret-");
    admin
        .createTopics(
            List.of(
                new NewTopic(names.dlqProductEvents(), Optional.of(1), Optional.empty())
                    .configs(Map.of("cleanup.policy", "delete", "retention.ms", "3600000"))))
        .all()
        .get(30, TimeUnit.SECONDS);
    try (TopicProvisioner topics = TopicProvisioner.connect(it.endpoints.kafkaBootstrap())) {
      assertThat(topics.provision(TopicSpec.platformTopics(names, 3))).isEmpty();

      // The controller accepted the change; the broker that answers describeConfigs applies it
      // from the metadata log a moment later.
      for (String dlq : List.of(names.dlqProductEvents(), names.dlqProductCommands())) {
        await(dlq + " kept forever")
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  Config config =
                      admin
                          .describeConfigs(List.of(topic(dlq)))
                          .all()
                          .get(30, TimeUnit.SECONDS)
                          .get(topic(dlq));
                  assertThat(config.get("retention.ms").value()).as(dlq).isEqualTo("-1");
                });
      }
      assertThat(logs.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage)
          .contains(
              "Kafka topic " + names.dlqProductEvents() + " had retention.ms=3600000; set to -1");
    } finally {
      deleteTopics(names);
    }
  }

  private static ConfigResource topic(String name) {
    return new ConfigResource(ConfigResource.Type.TOPIC, name);
  }

  private static void deleteTopics(PlatformNames names) {
    try {
      admin
          .deleteTopics(
              List.of(
                  names.productEvents(),
                  names.productCommands(),
                  names.dlqProductEvents(),
                  names.dlqProductCommands()))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: unique names never collide with another test
    }
  }

  private static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }
}
