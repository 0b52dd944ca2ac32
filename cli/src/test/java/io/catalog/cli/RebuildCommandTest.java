package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code rebuild} refuses what its workflow would refuse, before it connects to anything: no
 * Temporal server runs here, so reaching one would fail differently.
 */
class RebuildCommandTest {

  @ParameterizedTest
  @CsvSource({
    "--source,s3,source must be \"database\" or \"kafka\", was \"s3\"",
    "--batch-size,0,batchSize must be in [1, 10000], was 0",
    "--batch-size,20000,batchSize must be in [1, 10000], was 20000"
  })
  void badInputIsAUsageError(String option, String value, String message) {
    StringWriter err = new StringWriter();
    var cli = PlatformCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int exit = cli.execute("rebuild", option, value);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }
}
