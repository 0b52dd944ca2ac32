package io.catalog.domain.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A released migration never changes: Flyway validates the checksum of every applied migration at
 * start-up and refuses a database whose history differs, even by a comment (it happened: a comment
 * edit in V1 stopped {@code ./platform up} on an existing database). Changes go into a new
 * migration, which is then added to {@code db/released-migrations.sha256}.
 */
class ReleasedMigrationsTest {
  private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

  @Test
  void everyReleasedMigrationIsByteForByteAsReleasedAndEveryMigrationIsListed() throws Exception {
    Map<String, String> released = released();
    Map<String, String> now = new TreeMap<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).toList()) {
        now.put(file.getFileName().toString(), sha256(Files.readAllBytes(file)));
      }
    }
    assertThat(now)
        .as("migrations and their SHA-256 (compare with db/released-migrations.sha256)")
        .isEqualTo(released);
  }

  private static Map<String, String> released() throws IOException {
    Map<String, String> sums = new TreeMap<>();
    try (InputStream in =
        ReleasedMigrationsTest.class.getResourceAsStream("/db/released-migrations.sha256")) {
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .forEach(
              line -> {
                String[] parts = line.trim().split("\\s+", 2);
                sums.put(parts[1], parts[0]);
              });
    }
    return sums;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
