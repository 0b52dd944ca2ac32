package io.catalog.product.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.it.ItStack;
import io.catalog.verify.TopicReader;
import io.catalog.kafka.DeadLetterProducers;
import io.catalog.kafka.TopicProvisioner;
import io.catalog.kafka.TopicSpec;
import io.catalog.product.ProductService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        new CommandService(stack.endpoints.kafkaBootstrap(), new ProductService(stack.db.jdbi(), stack.names), dlq, stack.names)
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
        "{\"command_id\":\"" + commandId + "\",\"command_type\":\"CreateProduct\",\"product\":"
            + "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Keyboard\",\"price\":49.90,\"stock\":5}}";
    send(commandId, create);
    send(commandId, create);
    String adjust = UUID.randomUUID().toString();
    await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM products WHERE title = 'Keyboard'") == 1);
    String productId =
        stack.db.jdbi().withHandle(h -> h.createQuery("SELECT id::text FROM products WHERE title = 'Keyboard'").mapTo(String.class).one());
    String adjustCommand =
        "{\"command_id\":\"" + adjust + "\",\"command_type\":\"AdjustStock\",\"product_id\":\"" + productId + "\",\"delta\":-2}";
    send(productId, adjustCommand);
    send(productId, adjustCommand);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("SELECT count(*) FROM processed_commands WHERE command_id = '" + adjust + "'") == 1);
    // The duplicate of the adjustment comes after it on the same partition: once a later marker
    // command is processed, both duplicates have been handled.
    String marker = UUID.randomUUID().toString();
    send(productId, "{\"command_id\":\"" + marker + "\",\"command_type\":\"AdjustStock\",\"product_id\":\"" + productId + "\",\"delta\":0}");
    await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM processed_commands WHERE command_id = '" + marker + "'") == 1);

    assertThat(count("SELECT count(*) FROM products WHERE title = 'Keyboard'")).isEqualTo(1);
    assertThat(count("SELECT stock FROM products WHERE title = 'Keyboard'")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM outbox_events WHERE aggregate_id = '" + productId + "'")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM outbox_events WHERE aggregate_id = '" + productId + "' AND payload->>'causation_id' = '" + commandId + "'")).isEqualTo(1);
  }

  @Test
  void anInvalidCommandIsDeadLetteredWithItsReasonAndWritesNothing() throws Exception {
    long before = count("SELECT count(*) FROM outbox_events");
    String commandId = UUID.randomUUID().toString();
    String invalid =
        "{\"command_id\":\"" + commandId + "\",\"command_type\":\"CreateProduct\",\"product\":"
            + "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Bad\",\"price\":-1,\"stock\":5}}";
    send(commandId, invalid);
    ConsumerRecord<String, String> dead =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> TopicReader.readAll(stack.endpoints.kafkaBootstrap(), stack.names.dlqProductCommands()), l -> !l.isEmpty())
            .get(0);
    assertThat(dead.key()).isEqualTo(commandId);
    assertThat(dead.value()).isEqualTo(invalid);
    String reason = new String(dead.headers().lastHeader("dlq.exception.message").value(), StandardCharsets.UTF_8);
    assertThat(reason).contains("validation failed");
    assertThat(count("SELECT count(*) FROM outbox_events")).isEqualTo(before);
    assertThat(count("SELECT count(*) FROM processed_commands WHERE command_id = '" + commandId + "'")).isZero();
  }
}
