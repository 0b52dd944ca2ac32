package io.catalog.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.config.Endpoints;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each server of the shared test stack answers its own protocol; Kafka survives a restart. */
class LocalStackIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static LocalStack stack;
  private static Endpoints endpoints;

  @BeforeAll
  static void bringUp() {
    stack = LocalStack.shared();
    endpoints = stack.endpoints();
  }

  @Test
  void postgresAcceptsThePlatformUser() throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                endpoints.dbUrl(), endpoints.dbUser(), endpoints.dbPassword());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select 1, current_database(), current_user")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
      assertThat(rows.getString(2)).isEqualTo("platform");
      assertThat(rows.getString(3)).isEqualTo("platform");
    }
  }

  /**
   * The test slices and the bench drop their databases WITH (FORCE) as the platform user; that must
   * end sessions of other roles too (autovacuum workers are one), or the drop fails mid-suite.
   */
  @Test
  void thePlatformUserForceDropsADatabaseAnotherRoleIsConnectedTo() throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String database = "it_force_" + suffix;
    String bystander = "it_bystander_" + suffix;
    String superuserUrl = endpoints.withDatabase("postgres").dbUrl();
    // zonky's cluster trusts the local superuser; only this test needs it, to make a second role.
    try (Connection superuser = DriverManager.getConnection(superuserUrl, "postgres", "");
        Statement statement = superuser.createStatement()) {
      statement.execute("create role " + bystander + " login password '" + bystander + "'");
    }
    try (Connection platform =
            DriverManager.getConnection(
                endpoints.dbUrl(), endpoints.dbUser(), endpoints.dbPassword());
        Statement statement = platform.createStatement()) {
      statement.execute("create database " + database);
      try (Connection other =
          DriverManager.getConnection(
              endpoints.withDatabase(database).dbUrl(), bystander, bystander)) {
        statement.execute("drop database " + database + " with (force)");
        assertThat(other.isValid(5)).isFalse();
      }
      try (ResultSet rows =
          statement.executeQuery(
              "select count(*) from pg_database where datname = '" + database + "'")) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
      }
    } finally {
      try (Connection superuser = DriverManager.getConnection(superuserUrl, "postgres", "");
          Statement statement = superuser.createStatement()) {
        statement.execute("drop database if exists " + database + " with (force)");
        statement.execute("drop role if exists " + bystander);
      }
    }
  }

  @Test
  void kafkaIsOneBrokerThatNeverAutoCreatesTopics() throws Exception {
    try (Admin admin = admin()) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config =
          admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
      assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
      assertThat(config.get("num.partitions").value()).isEqualTo("3");
    }
  }

  @Test
  void elasticsearchReportsAUsableClusterHealth() throws Exception {
    HttpResponse<String> health = get(endpoints.elasticsearchUrl() + "/_cluster/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).containsPattern("\"status\"\\s*:\\s*\"(green|yellow)\"");
  }

  @Test
  void temporalServesTheDefaultNamespaceAndTheWebUi() throws Exception {
    String[] hostPort = endpoints.temporalTarget().split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
    }
    Process describe =
        new ProcessBuilder(
                stack.temporal().cli().toString(),
                "operator",
                "namespace",
                "describe",
                "--namespace",
                "default",
                "--address",
                endpoints.temporalTarget())
            .redirectErrorStream(true)
            .start();
    String output = new String(describe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(describe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(describe.exitValue()).as(output).isZero();
    assertThat(output).contains("default");
    assertThat(get(stack.config().temporalUiUrl() + "/").statusCode()).isEqualTo(200);
  }

  @Test
  void kafkaKeepsTopicsAndRecordsAcrossARestart() throws Exception {
    String topic = "local-stack-it-" + UUID.randomUUID();
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, String> producer = producer()) {
      producer
          .send(new ProducerRecord<>(topic, "key", "survives a restart"))
          .get(30, TimeUnit.SECONDS);
    }

    stack.kafka().stop();
    await().atMost(WAIT).until(() -> !stack.kafka().isUp());
    assertThat(stack.kafka().pid()).isEmpty();

    stack.kafka().start();
    assertThat(stack.kafka().isUp()).isTrue();
    assertThat(stack.kafka().pid()).isPresent();

    try (Admin admin = admin()) {
      await()
          .atMost(WAIT)
          .until(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic));
    }
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer()) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(500))) {
                  values.add(record.value());
                }
                return !values.isEmpty();
              });
    }
    assertThat(values).containsExactly("survives a restart");
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            endpoints.kafkaBootstrap(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  private static KafkaProducer<String, String> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
