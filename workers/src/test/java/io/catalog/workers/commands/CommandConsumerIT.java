package io.catalog.workers.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.product.ProductService;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.dlq.DeadLetterProducers;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.testing.ItStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The write-side consumer against real Kafka and Postgres. */
class CommandConsumerIT {
  static ItStack stack;
  static Producer<String, String> producer;
  static Producer<byte[], byte[]> dlq;
  static CommandService commands;

  @BeforeAll
  static void start() {
    stack = ItStack.create();
    try (TopicProvisioner topics = TopicProvisioner.connect(stack.endpoints.kafkaBootstrap())) {
      assertThat(topics.provision(TopicSpec.platformTopics(stack.names, 3))).isEmpty();
    }
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    dlq = DeadLetterProducers.create(stack.endpoints.kafkaBootstrap(), "it-commands-dlq");
    commands =
        new CommandService(
                stack.endpoints.kafkaBootstrap(),
                new ProductService(stack.db.jdbi(), stack.names),
                dlq,
                stack.names)
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    commands.close();
    producer.close();
    dlq.close();
    stack.close();
  }

  static long count(String sql) {
    return stack.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  static void send(String key, String json) throws Exception {
    producer.send(new ProducerRecord<>(stack.names.productCommands(), key, json)).get();
  }

  @Test
  void theSameCommandDeliveredTwiceChangesOnceAndEmitsOneEvent() throws Exception {
    String commandId = UUID.randomUUID().toString();
    String create =
        "{\"command_id\":\""
            + commandId
            + "\",\"command_type\":\"CreateProduct\",\"product\":"
            + "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Keyboard\",\"price\":49.90,\"stock\":5}}";
    send(commandId, create);
    send(commandId, create);
    String adjust = UUID.randomUUID().toString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("SELECT count(*) FROM products WHERE title = 'Keyboard'") == 1);
    String productId =
        stack
            .db
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT id::text FROM products WHERE title = 'Keyboard'")
                        .mapTo(String.class)
                        .one());
    String adjustCommand =
        "{\"command_id\":\""
            + adjust
            + "\",\"command_type\":\"AdjustStock\",\"product_id\":\""
            + productId
            + "\",\"delta\":-2}";
    send(productId, adjustCommand);
    send(productId, adjustCommand);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count("SELECT count(*) FROM processed_commands WHERE command_id = '" + adjust + "'")
                    == 1);
    // The duplicate of the adjustment comes after it on the same partition: once a later marker
    // command is processed, both duplicates have been handled.
    String marker = UUID.randomUUID().toString();
    send(
        productId,
        "{\"command_id\":\""
            + marker
            + "\",\"command_type\":\"AdjustStock\",\"product_id\":\""
            + productId
            + "\",\"delta\":0}");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count("SELECT count(*) FROM processed_commands WHERE command_id = '" + marker + "'")
                    == 1);

    assertThat(count("SELECT count(*) FROM products WHERE title = 'Keyboard'")).isEqualTo(1);
    assertThat(count("SELECT stock FROM products WHERE title = 'Keyboard'")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM outbox_events WHERE aggregate_id = '" + productId + "'"))
        .isEqualTo(3);
    assertThat(
            count(
                "SELECT count(*) FROM outbox_events WHERE aggregate_id = '"
                    + productId
                    + "' AND payload->>'causation_id' = '"
                    + commandId
                    + "'"))
        .isEqualTo(1);
  }

  @Test
  void anInvalidCommandIsDeadLetteredWithItsReasonAndWritesNothing() throws Exception {
    long before = count("SELECT count(*) FROM outbox_events");
    String commandId = UUID.randomUUID().toString();
    String invalid =
        "{\"command_id\":\""
            + commandId
            + "\",\"command_type\":\"CreateProduct\",\"product\":"
            + "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Bad\",\"price\":-1,\"stock\":5}}";
    send(commandId, invalid);
    ConsumerRecord<String, String> dead = deadLetter(commandId);
    assertThat(dead.key()).isEqualTo(commandId);
    assertThat(dead.value()).isEqualTo(invalid);
    String reason =
        new String(
            dead.headers().lastHeader("dlq.exception.message").value(), StandardCharsets.UTF_8);
    assertThat(reason).contains("validation failed");
    assertThat(count("SELECT count(*) FROM outbox_events")).isEqualTo(before);
    assertThat(
            count("SELECT count(*) FROM processed_commands WHERE command_id = '" + commandId + "'"))
        .isZero();
  }

  /** A fraction is not an integer: dead-lettered, not truncated ({@code 1.5} would adjust by 1). */
  @Test
  void aFractionalDeltaOrVersionIsDeadLetteredNotTruncated() throws Exception {
    String productId = UUID.randomUUID().toString();
    for (String typeAndField :
        List.of("AdjustStock\",\"delta\":1.5", "DeleteProduct\",\"expected_version\":1.7")) {
      String commandId = UUID.randomUUID().toString();
      String command =
          "{\"command_id\":\""
              + commandId
              + "\",\"product_id\":\""
              + productId
              + "\",\"command_type\":\""
              + typeAndField
              + "}";
      send(commandId, command);
      String reason =
          new String(
              deadLetter(commandId).headers().lastHeader("dlq.exception.message").value(),
              StandardCharsets.UTF_8);
      assertThat(reason).containsAnyOf("delta must be an integer", "expected_version must be");
    }
  }

  @Test
  void anAdjustmentThatOverflowsIsDeadLetteredAndLaterCommandsOnItsPartitionApply()
      throws Exception {
    String productId = createProduct("Overflow", 2_147_483_000);
    String overflow = UUID.randomUUID().toString();
    send(productId, adjust(overflow, productId, 1_000));
    String later = UUID.randomUUID().toString();
    send(productId, adjust(later, productId, -5));

    ConsumerRecord<String, String> dead = deadLetter(productId);
    assertThat(dead.value()).contains(overflow);
    assertThat(header(dead, "dlq.exception.message")).contains("22003");
    await().atMost(Duration.ofSeconds(60)).until(() -> processed(later));
    assertThat(count("SELECT stock FROM products WHERE id = '" + productId + "'"))
        .isEqualTo(2_147_482_995L);
    assertThat(processed(overflow)).isFalse();
  }

  @Test
  void aConstraintViolationIsDeadLetteredWithItsCause() throws Exception {
    stack
        .db
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "ALTER TABLE products ADD CONSTRAINT it_title_allowed CHECK (title <> 'Forbidden')"));
    String commandId = UUID.randomUUID().toString();
    send(commandId, create(commandId, "Forbidden", 1));
    String later = UUID.randomUUID().toString();
    send(commandId, create(later, "Allowed", 1));

    ConsumerRecord<String, String> dead = deadLetter(commandId);
    assertThat(dead.value()).contains(commandId);
    assertThat(header(dead, "dlq.exception.message"))
        .contains("23514")
        .contains("it_title_allowed");
    await().atMost(Duration.ofSeconds(60)).until(() -> processed(later));
  }

  @Test
  void aDeadLetterTooLargeForTheDlqTopicIsTruncatedAndMarked() throws Exception {
    try (Admin admin = stack.kafkaAdmin()) {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, stack.names.dlqProductCommands()),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("max.message.bytes", "20000"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    String key = UUID.randomUUID().toString();
    String huge =
        "{\"command_id\":\""
            + key
            + "\",\"command_type\":\"Bogus\",\"padding\":\""
            + "x".repeat(100_000)
            + "\"}";
    send(key, huge);
    String later = UUID.randomUUID().toString();
    send(key, create(later, "After the huge one", 1));

    ConsumerRecord<String, String> dead = deadLetter(key);
    assertThat(header(dead, "dlq.truncated")).isEqualTo("true");
    assertThat(header(dead, "dlq.original.size")).isEqualTo(Integer.toString(huge.length()));
    assertThat(header(dead, "dlq.exception.message")).contains("unknown command_type");
    assertThat(dead.value().length()).isLessThan(20_000);
    await().atMost(Duration.ofSeconds(60)).until(() -> processed(later));
  }

  static String create(String commandId, String title, int stock) {
    return "{\"command_id\":\""
        + commandId
        + "\",\"command_type\":\"CreateProduct\",\"product\":"
        + "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\""
        + title
        + "\",\"price\":1.00,\"stock\":"
        + stock
        + "}}";
  }

  static String adjust(String commandId, String productId, int delta) {
    return "{\"command_id\":\""
        + commandId
        + "\",\"command_type\":\"AdjustStock\",\"product_id\":\""
        + productId
        + "\",\"delta\":"
        + delta
        + "}";
  }

  static String createProduct(String title, int stock) throws Exception {
    String commandId = UUID.randomUUID().toString();
    send(commandId, create(commandId, title, stock));
    await().atMost(Duration.ofSeconds(60)).until(() -> processed(commandId));
    return stack
        .db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT aggregate_id::text FROM processed_commands WHERE command_id = '"
                            + commandId
                            + "'")
                    .mapTo(String.class)
                    .one());
  }

  static boolean processed(String commandId) {
    return count("SELECT count(*) FROM processed_commands WHERE command_id = '" + commandId + "'")
        == 1;
  }

  static ConsumerRecord<String, String> deadLetter(String key) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                TopicReader.readAll(
                        stack.endpoints.kafkaBootstrap(), stack.names.dlqProductCommands())
                    .stream()
                    .filter(r -> key.equals(r.key()))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  static String header(ConsumerRecord<String, String> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
