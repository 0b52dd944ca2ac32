package io.catalog.workers.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.config.Endpoints;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.localstack.LocalStack;
import io.catalog.operations.temporal.TemporalConnection;
import io.catalog.testkit.PrefixCleanup;
import io.catalog.testkit.ReadModel;
import io.catalog.testkit.TestDatabase;
import io.catalog.workers.WorkersConfig;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test class's slice of the shared local stack: its own database and its own name prefix for
 * topics, task queue, workflow ids and the cleanup schedule. {@link #close()} removes them all (it
 * never stops a server: the stack is shared).
 */
public final class ItStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ItStack.class);

  public final Endpoints endpoints;
  public final TestDatabase db;
  public final PlatformNames names;
  private final TemporalConnection temporal;
  public final WorkflowClient client;

  private ItStack(Endpoints endpoints) {
    this.endpoints = endpoints;
    this.db = TestDatabase.create(endpoints);
    this.names =
        PlatformNames.withPrefix(
            "it" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT) + "-");
    this.temporal = TemporalConnection.open(endpoints);
    this.client = temporal.client();
  }

  public static ItStack create() {
    return new ItStack(LocalStack.shared().endpoints());
  }

  /** A new admin client of the shared broker; the caller closes it. */
  public Admin kafkaAdmin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()));
  }

  /** Where this slice's search alias and its database disagree (empty when they are equal). */
  public List<String> readModelDifferences(ElasticsearchClient es) {
    return ReadModel.differences(db.jdbi(), es, names.searchAlias());
  }

  /** This slice's endpoints: the shared servers, its own database and name prefix. */
  public Endpoints endpoints() {
    return endpoints.withDatabase(db.name()).withNamePrefix(names.prefix());
  }

  /** Worker settings for this slice; {@code overrides} use the environment variable names. */
  public WorkersConfig config(Map<String, String> overrides) {
    Map<String, String> env = endpoints().toEnv();
    env.put("WORKERS_METRICS_PORT", "0");
    // A scheduled reconciliation would mend what a test breaks on purpose; tests start their own.
    env.put("RECONCILE_INTERVAL", "off");
    env.putAll(overrides);
    return WorkersConfig.fromEnv(env);
  }

  /**
   * Terminates this slice's workflows, deletes its schedule, topics, groups, indices and database.
   */
  @Override
  public void close() {
    PrefixCleanup.run(
            client, endpoints.kafkaBootstrap(), endpoints.elasticsearchUrl(), names, List.of())
        .forEach(problem -> log.info("{}", problem));
    temporal.close();
    db.close();
  }
}
