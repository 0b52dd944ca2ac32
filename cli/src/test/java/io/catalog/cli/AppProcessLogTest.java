package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppProcessLogTest {
  @TempDir Path dir;

  @Test
  void aLogThatReachedTheLimitIsMovedAsideAndTheOneBeforeItReplaced() throws Exception {
    Path log = dir.resolve("api.log");
    Files.writeString(dir.resolve("api.log.1"), "the oldest run\n");
    Files.writeString(log, "0123456789");

    AppProcess.rollIfLarge(log, 10);

    assertThat(log).doesNotExist();
    assertThat(dir.resolve("api.log.1")).hasContent("0123456789");
  }

  @Test
  void aSmallerLogStaysToBeAppendedTo() throws Exception {
    Path log = dir.resolve("workers.log");
    Files.writeString(log, "012345678");

    AppProcess.rollIfLarge(log, 10);
    AppProcess.rollIfLarge(dir.resolve("none.log"), 10);

    assertThat(log).hasContent("012345678");
    assertThat(dir.resolve("workers.log.1")).doesNotExist();
    assertThat(dir.resolve("none.log")).doesNotExist();
  }
}
