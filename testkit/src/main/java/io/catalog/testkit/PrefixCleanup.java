package io.catalog.testkit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.SearchClients;
import io.catalog.search.index.IndexInfo;
import io.catalog.search.index.SearchIndexes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;

/**
 * Removes what a run under its own name prefix (an integration-test slice, a chaos run) left on the
 * shared servers: its long-running workflows and cleanup schedule in Temporal, its topics and
 * consumer groups in Kafka, and its search indices (with their alias) in Elasticsearch. Every step
 * carries on when another fails; what failed is returned.
 */
public final class PrefixCleanup {
  private PrefixCleanup() {}

  /**
   * @param extraWorkflowIds workflows the run started itself (rebuilds, replays), terminated too
   * @return one line per step that failed; empty when all went
   */
  public static List<String> run(
      WorkflowClient client,
      String kafkaBootstrap,
      String elasticsearchUrl,
      PlatformNames names,
      Collection<String> extraWorkflowIds) {
    if (names.prefix().isBlank()) {
      throw new IllegalArgumentException("refusing to clean up the unprefixed (production) names");
    }
    stopTemporal(client, names, extraWorkflowIds);
    List<String> problems = new ArrayList<>();
    deleteKafka(kafkaBootstrap, names, problems);
    deleteIndices(elasticsearchUrl, names, problems);
    return problems;
  }

  /** Terminates the run's workflows and deletes its schedules; what is not there is fine. */
  private static void stopTemporal(
      WorkflowClient client, PlatformNames names, Collection<String> extraWorkflowIds) {
    List<String> workflows = new ArrayList<>(extraWorkflowIds);
    workflows.add(names.dlqTriageWorkflowId());
    workflows.add(names.rebuildWorkflowId());
    workflows.add(names.reconciliationWorkflowId());
    for (int shard = 0; shard < 8; shard++) {
      workflows.add(names.outboxPublisherWorkflowId(shard));
    }
    for (String id : workflows) {
      try {
        client.newUntypedWorkflowStub(id).terminate("run " + names.prefix() + " finished");
      } catch (RuntimeException e) {
        // Not running (or never started): nothing to stop.
      }
    }
    for (String schedule :
        List.of(names.outboxCleanupScheduleId(), names.reconciliationScheduleId())) {
      try {
        ScheduleClient.newInstance(client.getWorkflowServiceStubs()).getHandle(schedule).delete();
      } catch (RuntimeException e) {
        // Never created: fine.
      }
    }
  }

  /** Deletes the run's consumer groups and topics. */
  private static void deleteKafka(
      String kafkaBootstrap, PlatformNames names, List<String> problems) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap))) {
      List<String> groups =
          admin.listConsumerGroups().all().get(15, TimeUnit.SECONDS).stream()
              .map(ConsumerGroupListing::groupId)
              .filter(g -> g.startsWith(names.prefix()))
              .toList();
      if (!groups.isEmpty()) {
        try {
          admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          problems.add("consumer groups of " + names.prefix() + " not deleted: " + e);
        }
      }
      List<String> topics =
          admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith(names.prefix()))
              .toList();
      if (!topics.isEmpty()) {
        admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      problems.add("topics and groups of " + names.prefix() + " not deleted: " + e);
    }
  }

  /** Deletes the run's search indices, and so their alias. */
  private static void deleteIndices(
      String elasticsearchUrl, PlatformNames names, List<String> problems) {
    try (ElasticsearchClient es = SearchClients.create(elasticsearchUrl)) {
      // By name: the server refuses wildcard deletes (action.destructive_requires_name).
      for (IndexInfo index : new SearchIndexes(es, names).listIndices()) {
        es.indices().delete(d -> d.index(index.name()));
      }
    } catch (Exception e) {
      problems.add("indices of " + names.prefix() + " not deleted: " + e);
    }
  }
}
