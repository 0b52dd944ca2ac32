package io.catalog.workers.testing;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.product.ProductService;
import io.catalog.search.SearchClients;
import io.catalog.workers.dlq.DeadLetterProducers;
import io.catalog.workers.kafka.ConsumerFactory;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.outbox.OneShotPublisher;
import io.catalog.workers.projection.ProjectionService;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A test slice with the live read path running in-process: topics provisioned, the projection
 * consuming, a one-shot outbox publisher, a raw producer for hand-made records and the dead-letter
 * producer. {@link #close()} stops them and removes the slice (workflows, topics, indices,
 * database).
 */
public final class ProjectionSlice implements AutoCloseable {
  public final ItStack stack;
  public final ElasticsearchClient es;
  public final ProductService products;
  public final Producer<byte[], byte[]> raw;
  public final Producer<byte[], byte[]> dlqProducer;
  public final OneShotPublisher publisher;
  public final ProjectionService projection;

  private ProjectionSlice(
      MetricRegistry metrics, ConsumerFactory consumers, ProjectionService.Settings settings) {
    stack = ItStack.create();
    ConsumerFactory factory =
        consumers != null ? consumers : ConsumerFactory.kafka(stack.endpoints.kafkaBootstrap());
    try (TopicProvisioner topics = TopicProvisioner.connect(stack.endpoints.kafkaBootstrap())) {
      assertThat(topics.provision(TopicSpec.platformTopics(stack.names, 3))).isEmpty();
    }
    es = SearchClients.create(stack.endpoints.elasticsearchUrl());
    products = new ProductService(stack.db.jdbi(), stack.names);
    raw =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    dlqProducer =
        DeadLetterProducers.create(stack.endpoints.kafkaBootstrap(), stack.names.prefix() + "dlq");
    publisher = OneShotPublisher.connect(stack.config(Map.of()));
    projection =
        new ProjectionService(factory, es, dlqProducer, stack.names, settings, metrics).start();
  }

  public static ProjectionSlice start(MetricRegistry metrics) {
    return new ProjectionSlice(metrics, null, new ProjectionService.Settings(500, 3));
  }

  /** As {@link #start(MetricRegistry)}, with the projection's own settings. */
  public static ProjectionSlice start(MetricRegistry metrics, ProjectionService.Settings settings) {
    return new ProjectionSlice(metrics, null, settings);
  }

  /**
   * As {@link #start(MetricRegistry)}, with the projection's consumers made by {@code consumers}.
   */
  public static ProjectionSlice start(MetricRegistry metrics, ConsumerFactory consumers) {
    return new ProjectionSlice(metrics, consumers, new ProjectionService.Settings(500, 3));
  }

  @Override
  public void close() throws Exception {
    projection.close();
    publisher.close();
    raw.close();
    dlqProducer.close();
    try {
      es.close();
    } finally {
      stack.close(); // also deletes the slice's indices
    }
  }
}
