package io.catalog.operations.dlq;

import io.catalog.domain.naming.PlatformNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics a dead-letter replay sends to: a target named by the operator gets this deployment's
 * prefix, and every topic must exist before anything is sent (topics are never auto-created).
 */
record ReplayTopics(String kafkaBootstrap, PlatformNames names) {

  /** A target named without this deployment's prefix gets it, like every other topic name. */
  String target(String target) {
    if (target == null || target.isBlank()) {
      return null;
    }
    String t = target.strip();
    return t.startsWith(names.prefix()) ? t : names.prefix() + t;
  }

  void requireTopics(Set<String> topics) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                names.prefix() + "dlq-replay-topics",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000))) {
      for (String topic : topics) {
        try {
          admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnknownTopicOrPartitionException) {
            throw new IllegalArgumentException(
                "topic " + topic + " does not exist (topics are never auto-created)");
          }
          throw new IllegalStateException("cannot check topic " + topic + ": " + e.getCause(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within 15 s", e);
    }
  }
}
