package io.catalog.cli.chaos;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import java.util.Random;
import java.util.function.Function;

/** The five things a chaos run breaks, each with how it breaks it and how it heals it. */
enum Fault {
  WORKERS("workers process", true, null),
  API("API process", true, null),
  KAFKA("Kafka broker", false, LocalStack::kafka),
  ELASTICSEARCH("Elasticsearch", false, LocalStack::elasticsearch),
  TEMPORAL("Temporal dev server", false, LocalStack::temporal);

  /** What a fault acts on. */
  record Targets(LocalStack stack, ChaosApps apps) {}

  final String target;
  private final boolean app;
  private final Function<LocalStack, ManagedServer> server;

  Fault(String target, boolean app, Function<LocalStack, ManagedServer> server) {
    this.target = target;
    this.app = app;
    this.server = server;
  }

  /**
   * Breaks the target: one of the platform's processes is SIGKILLed; a server is stopped (SIGTERM)
   * or killed (SIGKILL) at random. Returns how.
   */
  String inject(Targets t, Random random) throws Exception {
    if (app) {
      t.apps().kill(this == API ? "api" : "workers");
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
    if (app) {
      t.apps().start(this == API ? "api" : "workers");
    } else {
      server.apply(t.stack()).start();
    }
  }
}
