package io.catalog.product.commands;

import io.catalog.kafka.ConsumerLoop;
import io.catalog.kafka.ConsumerFactory;
import io.catalog.kafka.DeadLetterPublisher;
import io.catalog.naming.PlatformNames;
import io.catalog.product.ProductService;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;

/**
 * The write-side consumer: group {@code product-command-consumer-group} on {@code
 * product.commands}. Never rewound (the rewind command refuses this group): commands are applied
 * once, deduplicated by command_id.
 */
public final class CommandService implements AutoCloseable {
  private final ConsumerLoop loop;
  private final Thread thread;

  public CommandService(String bootstrap, ProductService products, Producer<byte[], byte[]> deadLetterProducer, PlatformNames names) {
    this(ConsumerFactory.kafka(bootstrap), products, deadLetterProducer, names);
  }

  public CommandService(ConsumerFactory consumers, ProductService products, Producer<byte[], byte[]> deadLetterProducer, PlatformNames names) {
    loop =
        new ConsumerLoop(
            "commands",
            consumers.create(names.commandGroup(), "commands-" + ProcessHandle.current().pid(), 200),
            names.productCommands(),
            new ProductCommandHandler(products),
            new DeadLetterPublisher(deadLetterProducer, names.dlqProductCommands(), names.commandGroup()),
            // Validation is deterministic: a second try cannot change the verdict.
            1,
            new ConsumerLoop.Listener() {});
    thread = new Thread(loop, "command-consumer");
  }

  public CommandService start() {
    thread.start();
    return this;
  }

  @Override
  public void close() throws InterruptedException {
    loop.close();
    thread.join(Duration.ofSeconds(15).toMillis());
  }
}
