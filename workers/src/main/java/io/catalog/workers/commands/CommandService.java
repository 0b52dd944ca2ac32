package io.catalog.workers.commands;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.ProductService;
import io.catalog.workers.dlq.DeadLetterPublisher;
import io.catalog.workers.kafka.ConsumerFactory;
import io.catalog.workers.kafka.ConsumerLoop;
import io.catalog.workers.kafka.ConsumerSupervisor;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;

/**
 * The write-side consumer: group {@code product-command-consumer-group} on {@code
 * product.commands}. Never rewound (the rewind command refuses this group): commands are applied
 * once, deduplicated by command_id. A {@link ConsumerSupervisor} recreates the consumer when its
 * loop fails.
 */
public final class CommandService implements AutoCloseable {
  private final ConsumerSupervisor supervisor;

  public CommandService(
      String bootstrap,
      ProductService products,
      Producer<byte[], byte[]> deadLetterProducer,
      PlatformNames names) {
    this(ConsumerFactory.kafka(bootstrap), products, deadLetterProducer, names);
  }

  public CommandService(
      ConsumerFactory consumers,
      ProductService products,
      Producer<byte[], byte[]> deadLetterProducer,
      PlatformNames names) {
    ProductCommandHandler handler = new ProductCommandHandler(products);
    DeadLetterPublisher deadLetters =
        new DeadLetterPublisher(
            deadLetterProducer, names.dlqProductCommands(), names.commandGroup());
    supervisor =
        new ConsumerSupervisor(
            "commands",
            listener ->
                new ConsumerLoop(
                    "commands",
                    consumers.create(
                        names.commandGroup(), "commands-" + ProcessHandle.current().pid(), 200),
                    names.productCommands(),
                    handler,
                    deadLetters,
                    // Validation is deterministic: a second try cannot change the verdict.
                    1,
                    listener),
            new ConsumerLoop.Listener() {},
            Duration.ofSeconds(1),
            Duration.ofSeconds(30));
  }

  public CommandService start() {
    supervisor.start();
    return this;
  }

  /** Liveness of the command consumer, for {@code /health}. */
  public ConsumerSupervisor.Status status() {
    return supervisor.status();
  }

  @Override
  public void close() throws InterruptedException {
    supervisor.close();
  }
}
