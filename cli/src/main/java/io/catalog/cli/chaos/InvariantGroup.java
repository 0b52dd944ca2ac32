package io.catalog.cli.chaos;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;

/**
 * A group of the invariants a run checks: what they read (the run's database, index and topics, and
 * what the run did) and the report they add their rows to.
 */
abstract class InvariantGroup {
  final ChaosReport report;
  final Jdbi jdbi;
  final ElasticsearchClient es;
  final String kafka;
  final PlatformNames names;
  final Invariants.Run run;
  final CommandFeeder commands;

  InvariantGroup(
      ChaosReport report,
      Jdbi jdbi,
      ElasticsearchClient es,
      String kafka,
      PlatformNames names,
      Invariants.Run run) {
    this.report = report;
    this.jdbi = jdbi;
    this.es = es;
    this.kafka = kafka;
    this.names = names;
    this.run = run;
    this.commands = run.workload().commands;
  }

  /** Another group of the same run. */
  InvariantGroup(InvariantGroup sameRun) {
    this(sameRun.report, sameRun.jdbi, sameRun.es, sameRun.kafka, sameRun.names, sameRun.run);
  }

  long count(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /** The one text column of {@code sql}'s rows. */
  Set<String> texts(String sql) {
    return new HashSet<>(jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list()));
  }

  static String header(ConsumerRecord<?, ?> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
