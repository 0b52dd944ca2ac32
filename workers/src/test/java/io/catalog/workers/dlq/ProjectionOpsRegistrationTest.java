package io.catalog.workers.dlq;

import static org.assertj.core.api.Assertions.assertThatCode;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.db.Database;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.SearchClients;
import io.catalog.workers.rebuild.RebuildWorkers;
import io.catalog.workers.replay.ReplayWorkers;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The worker process puts the rebuild, the replay and the dead-letter triage on one {@code
 * projection-ops} worker: their workflow and activity type names must not collide.
 */
class ProjectionOpsRegistrationTest {
  @Test
  void rebuildReplayAndTriageRegisterTogetherOnOneWorker() throws Exception {
    PlatformNames names = PlatformNames.DEFAULT;
    Jdbi jdbi = Database.configure(Jdbi.create("jdbc:postgresql://127.0.0.1:1/unused"));
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        ElasticsearchClient es = SearchClients.create("http://127.0.0.1:1");
        MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer())) {
      Worker ops = env.newWorker(names.projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
      assertThatCode(
              () -> {
                RebuildWorkers.register(ops, jdbi, es, "127.0.0.1:1", names, new MetricRegistry());
                ReplayWorkers.register(ops, es, "127.0.0.1:1", names);
                DlqWorkers.register(ops, jdbi, producer, "127.0.0.1:1", names);
                env.start();
              })
          .doesNotThrowAnyException();
    }
  }
}
