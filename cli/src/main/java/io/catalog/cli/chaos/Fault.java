package io.catalog.cli.chaos;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import java.util.Random;
import java.util.function.Function;

/**
 * The seven things a chaos run breaks, each with how it breaks it and how it heals it. The servers
 * are the stack's own (the run's database lives on the stack's one Postgres, like its topics on the
 * one broker): a run on the test stack breaks it for everyone using it.
 */
enum Fault {
  WORKERS("workers process", "workers", null),
  API("API process", "api", null),
  POSTGRES("Postgres server", null, LocalStack::postgres),
  KAFKA("Kafka broker", null, LocalStack::kafka),
  ELASTICSEARCH("Elasticsearch", null, LocalStack::elasticsearch),
  TEMPORAL("Temporal dev server", null, LocalStack::temporal),
  /**
   * Not a crash: documents deleted, edited and added by hand; nothing heals it but the platform.
   */
  INDEX("search index (edited by hand)", null, null);

  /** Documents of each kind an {@link #INDEX} fault deletes, edits and adds. */
  static final int CORRUPTED_PER_KIND = 4;

  /** What a fault acts on. */
  record Targets(LocalStack stack, ChaosApps apps, IndexCorruption index) {}

  final String target;

  /** {@code api} or {@code workers} for the platform's own processes; null for a server. */
  private final String app;

  private final Function<LocalStack, ManagedServer> server;

  Fault(String target, String app, Function<LocalStack, ManagedServer> server) {
    this.target = target;
    this.app = app;
    this.server = server;
  }

  /**
   * Breaks the target: one of the platform's processes is SIGKILLed; a server is stopped (SIGTERM)
   * or killed (SIGKILL) at random. Returns how.
   */
  String inject(Targets t, Random random) throws Exception {
    if (this == INDEX) {
      return t.index().corrupt(random, CORRUPTED_PER_KIND).describe();
    }
    if (app != null) {
      t.apps().kill(app);
      return "SIGKILL";
    }
    ManagedServer s = server.apply(t.stack());
    if (random.nextBoolean()) {
      s.kill();
      return "SIGKILL";
    }
    s.stop();
    return "stop";
  }

  /** Brings the target back (a server's start blocks until it answers). */
  void heal(Targets t) throws Exception {
    if (this == INDEX) {
      return; // the reconciliation's job, checked at the end
    }
    if (app != null) {
      t.apps().start(app);
    } else {
      server.apply(t.stack()).start();
    }
  }
}
