package io.catalog.workers.rebuild;

import io.catalog.domain.naming.PlatformNames;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The live projection's committed offsets of {@code product.events}, read when the alias moves. The
 * projection commits a batch only after writing it through the alias, so every event below these
 * offsets is in the index that held the alias before the move: a rollback to that index copies from
 * here (docs/architecture.md, "Rebuild"). A partition the group never committed is left out, which
 * means "from the beginning".
 */
final class ProjectionPositions implements Supplier<Map<Integer, Long>> {
  private static final long TIMEOUT_SECONDS = 15;

  private final String bootstrap;
  private final PlatformNames names;

  ProjectionPositions(String bootstrap, PlatformNames names) {
    this.bootstrap = bootstrap;
    this.names = names;
  }

  @Override
  public Map<Integer, Long> get() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                // Tells the broker's logs who asks for the projection group's offsets.
                AdminClientConfig.CLIENT_ID_CONFIG,
                names.prefix() + "search-alias-handover"))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(names.projectionGroup())
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<Integer, Long> positions = new TreeMap<>();
      committed.forEach(
          (tp, offset) -> {
            if (tp.topic().equals(names.productEvents()) && offset != null) {
              positions.put(tp.partition(), offset.offset());
            }
          });
      return positions;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the committed offsets of " + names.projectionGroup() + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading committed offsets", e);
    }
  }
}
