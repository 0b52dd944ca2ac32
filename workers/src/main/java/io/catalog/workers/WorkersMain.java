package io.catalog.workers;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: {@code java -cp
 * "workers/target/workers-0.1.0-SNAPSHOT.jar:workers/target/lib/*" io.catalog.workers.WorkersMain},
 * configured by environment variables (see {@link WorkersConfig}). SIGTERM (or Ctrl-C) stops it
 * gracefully; exit code 1 when it cannot start, 2 on bad settings.
 */
public final class WorkersMain {
  private static final Logger log = LoggerFactory.getLogger(WorkersMain.class);

  private WorkersMain() {}

  public static void main(String[] args) throws InterruptedException {
    WorkersConfig config;
    try {
      config = WorkersConfig.fromEnv();
    } catch (IllegalArgumentException e) {
      log.error("bad worker settings: {}", e.getMessage());
      System.exit(2);
      return;
    }
    LoggingSetup.apply(config.logFormat());
    Workers workers;
    try {
      workers = Workers.start(config);
    } catch (RuntimeException e) {
      log.error("worker process cannot start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down");
                  workers.close();
                  stopped.countDown();
                },
                "workers-shutdown"));
    stopped.await();
  }
}
