package io.catalog.workers.rebuild;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.search.projection.EnvelopeReader;
import io.catalog.search.projection.InvalidEventException;
import io.catalog.workflows.rebuild.EventCopyRequest;
import io.catalog.workflows.rebuild.EventCopyResult;
import io.catalog.workflows.rebuild.OffsetsSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chunk of copying {@code product.events} into the search index with a consumer of its own (no
 * group: {@code assign} and {@code seek}), from per-partition offsets up to an end, each poll one
 * bulk request, the position heartbeated after every write. Used for the Kafka load and for the
 * catch-ups.
 */
record EventCopier(
    Supplier<Consumer<String, byte[]>> consumers,
    String topic,
    RebuildWrites writes,
    LongSupplier databaseClockMicros) {
  private static final Logger log = LoggerFactory.getLogger(EventCopier.class);
  static final Duration POLL = Duration.ofMillis(500);
  static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

  /** Beginning and end offsets of every partition, with the database time read just before. */
  OffsetsSnapshot offsets() {
    try (Consumer<String, byte[]> consumer = consumers.get()) {
      List<TopicPartition> partitions = partitions(consumer);
      long readAt = databaseClockMicros.getAsLong();
      Map<Integer, Long> end = byPartition(consumer.endOffsets(partitions, METADATA_TIMEOUT));
      Map<Integer, Long> beginning =
          byPartition(consumer.beginningOffsets(partitions, METADATA_TIMEOUT));
      return new OffsetsSnapshot(beginning, end, readAt);
    }
  }

  EventCopyResult copy(
      EventCopyRequest request, EventCopyHeartbeat resume, int attempt, ChunkContext ctx) {
    try (Consumer<String, byte[]> consumer = consumers.get()) {
      List<TopicPartition> partitions = partitions(consumer);
      EventCopyHeartbeat at = resume != null ? resume : start(request, consumer, partitions);
      if (resume != null) {
        log.info(
            "{}: attempt {} resumes at {} after {} records",
            request.requestId(),
            attempt,
            resume.position(),
            resume.read());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(request.maxSeconds()).toNanos();
      Throttle throttle = new Throttle(request.maxDocsPerSecond());
      List<TopicPartition> open = assign(consumer, partitions, at);
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        Polled polled = read(consumer.poll(POLL), at.until());
        RebuildWrites.Counts c =
            polled.batch().isEmpty()
                ? new RebuildWrites.Counts(0, 0, 0)
                : writes.write(polled.batch(), request.target(), writes.writer()::write, ctx, at);
        at = advance(consumer, open, at, polled, c);
        ctx.heartbeat(at);
        open = stillOpen(consumer, open, at);
        ctx.pause(throttle.after((int) polled.read()), at);
      }
      return new EventCopyResult(
          at.position(),
          at.until(),
          open.isEmpty(),
          at.read(),
          at.written(),
          at.conflicts(),
          at.invalid(),
          attempt,
          resume == null ? 0 : resume.read(),
          at.untilReadAtMicros());
    }
  }

  /** The events of a poll before this phase's end, how many records that was, how many invalid. */
  private record Polled(List<EventEnvelope> batch, long read, long invalid) {}

  private static Polled read(ConsumerRecords<String, byte[]> records, Map<Integer, Long> until) {
    List<EventEnvelope> batch = new ArrayList<>();
    long read = 0;
    long invalid = 0;
    for (ConsumerRecord<String, byte[]> r : records) {
      if (r.offset() >= until.getOrDefault(r.partition(), 0L)) {
        continue; // beyond this phase's end: the next phase reads it
      }
      read++;
      try {
        batch.add(EnvelopeReader.read(r.value()));
      } catch (InvalidEventException e) {
        invalid++;
        log.warn("skipping {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      }
    }
    return new Polled(batch, read, invalid);
  }

  /** The heartbeat after a poll was written: the consumer's positions and the counts added up. */
  private static EventCopyHeartbeat advance(
      Consumer<String, byte[]> consumer,
      List<TopicPartition> open,
      EventCopyHeartbeat at,
      Polled polled,
      RebuildWrites.Counts c) {
    Map<Integer, Long> until = at.until();
    Map<Integer, Long> position = new TreeMap<>(at.position());
    for (TopicPartition tp : open) {
      position.put(tp.partition(), Math.min(consumer.position(tp), until.get(tp.partition())));
    }
    return new EventCopyHeartbeat(
        position,
        until,
        at.untilReadAtMicros(),
        at.read() + polled.read(),
        at.written() + c.written(),
        at.conflicts() + c.conflicts(),
        at.invalid() + polled.invalid() + c.refused());
  }

  private EventCopyHeartbeat start(
      EventCopyRequest request,
      Consumer<String, byte[]> consumer,
      List<TopicPartition> partitions) {
    Map<Integer, Long> until = request.until();
    long readAt = 0;
    if (until == null) {
      readAt = databaseClockMicros.getAsLong();
      until = byPartition(consumer.endOffsets(partitions, METADATA_TIMEOUT));
    }
    Map<Integer, Long> from = new TreeMap<>();
    for (TopicPartition tp : partitions) {
      from.put(
          tp.partition(),
          request.from() == null ? 0L : request.from().getOrDefault(tp.partition(), 0L));
    }
    return new EventCopyHeartbeat(from, new TreeMap<>(until), readAt, 0, 0, 0, 0);
  }

  /** Assigns the partitions not yet at their end, each at its position. */
  private static List<TopicPartition> assign(
      Consumer<String, byte[]> consumer, List<TopicPartition> partitions, EventCopyHeartbeat at) {
    Map<Integer, Long> position = at.position();
    Map<Integer, Long> until = at.until();
    List<TopicPartition> open = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (position.getOrDefault(tp.partition(), 0L) < until.getOrDefault(tp.partition(), 0L)) {
        open.add(tp);
      }
    }
    consumer.assign(open);
    for (TopicPartition tp : open) {
      consumer.seek(tp, position.getOrDefault(tp.partition(), 0L));
    }
    return open;
  }

  /** Partitions that reached their end are paused, so no fetch reads past it. */
  private static List<TopicPartition> stillOpen(
      Consumer<String, byte[]> consumer, List<TopicPartition> open, EventCopyHeartbeat at) {
    Map<Integer, Long> position = at.position();
    Map<Integer, Long> until = at.until();
    List<TopicPartition> remaining = new ArrayList<>();
    List<TopicPartition> finished = new ArrayList<>();
    for (TopicPartition tp : open) {
      (position.get(tp.partition()) >= until.get(tp.partition()) ? finished : remaining).add(tp);
    }
    if (!finished.isEmpty()) {
      consumer.pause(finished);
    }
    return remaining;
  }

  private List<TopicPartition> partitions(Consumer<String, byte[]> consumer) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist or has no partitions");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
    Map<Integer, Long> result = new HashMap<>();
    offsets.forEach((tp, offset) -> result.put(tp.partition(), offset));
    return new TreeMap<>(result);
  }
}
