package io.catalog.cli.chaos;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seven things a chaos run breaks, each with how it breaks it and how it heals it. The servers
 * are the stack's own (the run's database lives on the stack's one Postgres, like its topics on the
 * stack's brokers): a run on the test stack breaks it for everyone using it. Where there are
 * several of a kind (the cluster profile's brokers and nodes, a run's API and workers replicas) one
 * of them, chosen at random, is broken.
 */
enum Fault {
  WORKERS("workers process", "workers", null),
  API("API process", "api", null),
  POSTGRES("Postgres server", null, stack -> List.of(stack.postgres())),
  KAFKA("Kafka broker", null, LocalStack::kafkaBrokers),
  ELASTICSEARCH("Elasticsearch", null, LocalStack::elasticsearchNodes),
  TEMPORAL("Temporal dev server", null, stack -> List.of(stack.temporal())),
  /**
   * Not a crash: documents deleted, edited and added by hand; nothing heals it but the platform.
   */
  INDEX("search index (edited by hand)", null, null);

  private static final Logger LOG = LoggerFactory.getLogger(Fault.class);

  /** Documents of each kind an {@link #INDEX} fault deletes, edits and adds. */
  static final int CORRUPTED_PER_KIND = 4;

  /** What a fault acts on. */
  record Targets(LocalStack stack, ChaosApps apps, IndexCorruption index) {}

  final String target;

  /** {@code api} or {@code workers} for the platform's own processes; null for a server. */
  private final String app;

  /** The servers of this kind: one, or a cluster's members. */
  private final Function<LocalStack, List<? extends ManagedServer>> servers;

  Fault(String target, String app, Function<LocalStack, List<? extends ManagedServer>> servers) {
    this.target = target;
    this.app = app;
    this.servers = servers;
  }

  /**
   * Breaks the target: one of the platform's processes is SIGKILLed; a lone server is stopped
   * (SIGTERM) or killed (SIGKILL) at random; one member of a cluster is SIGKILLed, the fault a
   * cluster exists to survive. Returns how.
   */
  String inject(Targets t, Random random) throws Exception {
    if (this == INDEX) {
      return t.index().corrupt(random, CORRUPTED_PER_KIND).describe();
    }
    if (app != null) {
      return "SIGKILL " + t.apps().killOne(app, random);
    }
    List<? extends ManagedServer> members = servers.apply(t.stack());
    if (members.size() > 1) {
      // One member at a time: a restart of this kind still under way ends first.
      members.forEach(ManagedServer::start);
      ManagedServer s = members.get(random.nextInt(members.size()));
      s.kill();
      return "SIGKILL " + s.name() + " (1 of " + members.size() + ")";
    }
    ManagedServer s = members.get(0);
    if (random.nextBoolean()) {
      s.kill();
      return "SIGKILL";
    }
    s.stop();
    return "stop";
  }

  /**
   * Brings the target back. A lone server's start blocks until it answers. A cluster member
   * restarts in the background: the cluster serves from the other members meanwhile, which is what
   * the run waits for before the next fault; the final heal ({@code LocalStack.ensureUp}) waits for
   * the member itself.
   */
  void heal(Targets t) throws Exception {
    if (this == INDEX) {
      return; // the reconciliation's job, checked at the end
    }
    if (app != null) {
      t.apps().start(app);
      return;
    }
    List<? extends ManagedServer> members = servers.apply(t.stack());
    if (members.size() == 1) {
      members.get(0).start();
      return;
    }
    // Only the member whose process is gone: a survivor slow to answer while the cluster
    // rebalances is not restarted (its start would wait on the running process).
    for (ManagedServer s : members) {
      if (s.pid().isEmpty()) {
        Thread restart =
            new Thread(
                () -> {
                  try {
                    s.start();
                  } catch (RuntimeException e) {
                    // The final heal starts it again, and fails the run if it cannot.
                    LOG.warn("restarting {} failed: {}", s.name(), e.toString());
                  }
                },
                "chaos-restart-" + s.name());
        restart.setDaemon(true);
        restart.start();
      }
    }
  }

  /** Whether {@link #heal} restarts the target in the background (a cluster member). */
  boolean healsInBackground(Targets t) {
    return servers != null && servers.apply(t.stack()).size() > 1;
  }
}
