package io.catalog.workers.testing;

import io.catalog.workers.kafka.ConsumerFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Real consumers with switchable faults: while {@link #commitBroken} is set, {@code commitSync}
 * throws what the client throws when the coordinator stays away past {@code
 * default.api.timeout.ms}; while {@link #pollBroken} is set, {@code poll} throws a fatal {@link
 * KafkaException}.
 */
public final class FaultyConsumers implements ConsumerFactory {
  public final AtomicBoolean commitBroken = new AtomicBoolean();
  public final AtomicBoolean pollBroken = new AtomicBoolean();
  public final AtomicInteger failedCommits = new AtomicInteger();
  public final AtomicInteger created = new AtomicInteger();
  private final ConsumerFactory real;

  public FaultyConsumers(String bootstrap) {
    this.real = ConsumerFactory.kafka(bootstrap);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Consumer<byte[], byte[]> create(String groupId, String clientId, int maxPollRecords) {
    Consumer<byte[], byte[]> consumer = real.create(groupId, clientId, maxPollRecords);
    created.incrementAndGet();
    InvocationHandler faults =
        (proxy, method, args) -> {
          if (method.getName().equals("commitSync") && commitBroken.get()) {
            failedCommits.incrementAndGet();
            throw new TimeoutException(
                "Timeout of 60000ms expired before successfully committing offsets (injected)");
          }
          if (method.getName().equals("poll") && pollBroken.get()) {
            throw new KafkaException("injected fatal poll error");
          }
          try {
            return method.invoke(consumer, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Consumer<byte[], byte[]>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, faults);
  }
}
