package io.catalog.workers.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the platform's topics with the AdminClient (never broker auto-create), idempotently, and
 * checks the ones that already exist. Returns only once every partition of every topic has a leader
 * that serves it, so the first send to a new topic never meets LEADER_NOT_AVAILABLE,
 * NOT_LEADER_OR_FOLLOWER or UNKNOWN_TOPIC_OR_PARTITION (the seed's "consumer sees 0 messages on
 * product.created" bug).
 *
 * <pre>{@code
 * try (TopicProvisioner topics = TopicProvisioner.connect("127.0.0.1:9092")) {
 *   List<String> problems = topics.provision(TopicSpec.platformTopics(names, 3));
 * }
 * }</pre>
 *
 * An existing topic with too few partitions or another cleanup policy is not changed (that could
 * lose data or reorder keys); it is logged at ERROR and listed by {@link #problems()}. A config the
 * spec enforces (the dead-letter topics' unlimited retention) is altered on the existing topic and
 * logged at WARN.
 */
public final class TopicProvisioner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final Admin admin;
  private final boolean ownsAdmin;
  private final Duration timeout;
  private volatile List<String> problems = List.of();

  public TopicProvisioner(Admin admin, Duration timeout) {
    this(admin, false, timeout);
  }

  private TopicProvisioner(Admin admin, boolean ownsAdmin, Duration timeout) {
    this.admin = admin;
    this.ownsAdmin = ownsAdmin;
    this.timeout = timeout;
  }

  /** A provisioner with its own AdminClient, closed by {@link #close()}; 30 s per call. */
  public static TopicProvisioner connect(String bootstrapServers) {
    Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "topic-provisioner",
                // Reconnect to a restarting broker within a second rather than backing off longer.
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                1000));
    return new TopicProvisioner(admin, true, Duration.ofSeconds(30));
  }

  /**
   * Creates the missing topics, verifies the existing ones and waits for partition leaders.
   *
   * @return the problems found (empty when every topic is as specified); also kept for {@link
   *     #problems()}
   * @throws KafkaUnavailableException when the cluster does not answer within the timeout
   */
  public List<String> provision(List<TopicSpec> specs) {
    try {
      Set<String> existing =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<TopicSpec> missing = specs.stream().filter(s -> !existing.contains(s.name())).toList();
      create(missing);
      // Leaders first: right after createTopics the broker may not know a new topic yet, and a
      // describe would fail with UnknownTopicOrPartition.
      awaitLeaders(specs.stream().map(TopicSpec::name).toList());
      List<String> found = verify(specs);
      found.forEach(p -> log.error("Kafka topic problem: {}", p));
      problems = List.copyOf(found);
      return problems;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while provisioning topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaUnavailableException("cannot provision topics: " + e, e);
    }
  }

  /** Problems found by the last {@link #provision} call, for a health endpoint; empty when none. */
  public List<String> problems() {
    return problems;
  }

  private void create(List<TopicSpec> missing)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (missing.isEmpty()) {
      return;
    }
    List<NewTopic> topics =
        missing.stream()
            .map(
                s ->
                    new NewTopic(s.name(), Optional.of(s.partitions()), Optional.empty())
                        .configs(s.configs()))
            .toList();
    Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      try {
        result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        log.info("created Kafka topic {}", result.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        // Another process created it between our list and create: verified below like any other.
      }
    }
  }

  private List<String> verify(List<TopicSpec> specs)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> names = specs.stream().map(TopicSpec::name).toList();
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    List<ConfigResource> resources =
        names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs =
        admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    List<String> found = new ArrayList<>();
    for (TopicSpec spec : specs) {
      int partitions = descriptions.get(spec.name()).partitions().size();
      if (partitions < spec.partitions()) {
        found.add(
            String.format(
                "topic %s has %d partitions, needs at least %d",
                spec.name(), partitions, spec.partitions()));
      }
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
      Config config = configs.get(resource);
      for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
        String actual =
            config.get(wanted.getKey()) != null ? config.get(wanted.getKey()).value() : null;
        if (wanted.getValue().equals(actual)) {
          continue;
        }
        if (spec.enforced().contains(wanted.getKey())) {
          alter(resource, wanted.getKey(), wanted.getValue(), actual);
        } else {
          found.add(
              String.format(
                  "topic %s has %s=%s, needs %s",
                  spec.name(), wanted.getKey(), actual, wanted.getValue()));
        }
      }
    }
    return found;
  }

  private void alter(ConfigResource topic, String key, String value, String was)
      throws InterruptedException, ExecutionException, TimeoutException {
    admin
        .incrementalAlterConfigs(
            Map.of(
                topic,
                List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET))))
        .all()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    log.warn("Kafka topic {} had {}={}; set to {}", topic.name(), key, was, value);
  }

  private void awaitLeaders(Collection<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, TopicDescription> descriptions;
      try {
        descriptions =
            admin
                .describeTopics(names)
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(POLL.toMillis()); // metadata of a just-created topic is on its way
        continue;
      }
      List<String> leaderless =
          descriptions.values().stream()
              .flatMap(
                  d ->
                      d.partitions().stream()
                          .filter(p -> !hasLeader(p))
                          .map(p -> d.name() + "-" + p.partition()))
              .toList();
      if (leaderless.isEmpty()) {
        awaitServing(descriptions);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "partitions without a leader: "
                + leaderless.stream().collect(Collectors.joining(", ")));
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * Waits until each partition's leader serves it. Metadata names a leader as soon as the
   * controller picks one; the broker may apply that a moment later and until then refuses produce
   * requests with NOT_LEADER_OR_FOLLOWER, after which an idempotent producer met a run of
   * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (seen under load in
   * TopicProvisionerIT). ListOffsets also goes to the leader, and the admin client retries it
   * through that refusal, so its success means the partitions take records.
   */
  private void awaitServing(Map<String, TopicDescription> descriptions)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    for (TopicDescription d : descriptions.values()) {
      for (TopicPartitionInfo p : d.partitions()) {
        partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
      }
    }
    admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static boolean hasLeader(TopicPartitionInfo p) {
    return p.leader() != null && !p.leader().isEmpty() && p.leader().id() >= 0;
  }

  @Override
  public void close() {
    if (ownsAdmin) {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
