package io.catalog.cli.chaos;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import java.util.Random;

/** The five things a chaos run breaks, each with how it breaks it and how it heals it. */
enum Fault {
  WORKERS("workers process") {
    @Override
    String inject(Targets t, Random random) throws Exception {
      t.apps().killWorkers();
      return "SIGKILL";
    }

    @Override
    void heal(Targets t) throws Exception {
      t.apps().startWorkers();
    }
  },
  API("API process") {
    @Override
    String inject(Targets t, Random random) throws Exception {
      t.apps().killApi();
      return "SIGKILL";
    }

    @Override
    void heal(Targets t) throws Exception {
      t.apps().startApi();
    }
  },
  KAFKA("Kafka broker") {
    @Override
    ManagedServer server(LocalStack stack) {
      return stack.kafka();
    }
  },
  ELASTICSEARCH("Elasticsearch") {
    @Override
    ManagedServer server(LocalStack stack) {
      return stack.elasticsearch();
    }
  },
  TEMPORAL("Temporal dev server") {
    @Override
    ManagedServer server(LocalStack stack) {
      return stack.temporal();
    }
  };

  /** What a fault acts on. */
  record Targets(LocalStack stack, ChaosApps apps) {}

  final String target;

  Fault(String target) {
    this.target = target;
  }

  ManagedServer server(LocalStack stack) {
    throw new UnsupportedOperationException(name());
  }

  /** Breaks the target; a server is stopped (SIGTERM) or killed (SIGKILL) at random. Returns how. */
  String inject(Targets t, Random random) throws Exception {
    ManagedServer server = server(t.stack());
    if (random.nextBoolean()) {
      server.kill();
      return "SIGKILL";
    }
    server.stop();
    return "stop";
  }

  /** Brings the target back (blocks until a server answers again). */
  void heal(Targets t) throws Exception {
    server(t.stack()).start();
  }
}
