package io.catalog.localstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The one KRaft cluster id of a profile, kept in {@code <dataDir>/kafka-cluster-id}. Every broker's
 * log directory must be formatted with the same id, and the brokers format in parallel (each on its
 * first start), so the first to ask writes it under a file lock and the others read it.
 */
final class KafkaClusterId {

  private static final SecureRandom RANDOM = new SecureRandom();

  private KafkaClusterId() {}

  static String of(Path dataDir) throws IOException {
    Path file = dataDir.resolve("kafka-cluster-id");
    Files.createDirectories(dataDir);
    synchronized (KafkaClusterId.class) {
      try (FileChannel channel =
              FileChannel.open(
                  dataDir.resolve(".kafka-cluster-id.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (Files.isRegularFile(file)) {
          String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
          if (!id.isEmpty()) {
            return id;
          }
        }
        String id = random();
        Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
        return id;
      }
    }
  }

  /**
   * What Kafka's {@code Uuid.randomUuid().toString()} gives: 16 random bytes, URL-safe base64
   * without padding. Like Kafka, it never starts with '-', which a command line would take for an
   * option.
   */
  static String random() {
    byte[] bytes = new byte[16];
    String id;
    do {
      RANDOM.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }
}
