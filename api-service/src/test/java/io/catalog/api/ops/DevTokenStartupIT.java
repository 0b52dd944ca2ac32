package io.catalog.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.api.ApiApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API process itself, started as an operator would with {@code config/api.yml} and {@code
 * API_BIND_HOST=0.0.0.0} but no tokens: it exits non-zero before opening a port or a connection,
 * naming the variables to set.
 */
class DevTokenStartupIT {
  @Test
  void theApiBoundBeyondLoopbackWithTheDevelopmentTokensExitsNonZeroNamingTheSettings(
      @TempDir Path dir) throws Exception {
    Path output = dir.resolve("api.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    ApiApplication.class.getName(),
                    "server",
                    "../config/api.yml"))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = pb.environment();
    env.remove("OPS_ADMIN_TOKEN");
    env.remove("OPS_READ_TOKEN");
    env.put("API_BIND_HOST", "0.0.0.0");
    // Ports nobody uses: should the guard ever let it through, it must not take the dev stack's.
    env.put("API_PORT", "0");
    env.put("ADMIN_PORT", "0");
    Process api = pb.start();
    try {
      assertThat(api.waitFor(90, TimeUnit.SECONDS)).as("the API exits by itself").isTrue();
      String log = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(api.exitValue()).as(log).isNotZero();
      assertThat(log)
          .contains("refusing to start")
          .contains("set OPS_ADMIN_TOKEN")
          .contains("set OPS_READ_TOKEN")
          .contains("API_BIND_HOST")
          // Refused before the first connection (no database answers here).
          .doesNotContain("Unable to obtain connection");
    } finally {
      api.destroyForcibly();
    }
  }
}
