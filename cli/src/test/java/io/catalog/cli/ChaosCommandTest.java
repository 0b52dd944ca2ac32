package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChaosCommandTest {

  @ParameterizedTest
  @CsvSource({
    "--minutes,0,--minutes must be more than 0",
    "--minutes,-3,--minutes must be more than 0",
    "--minutes,5000,at most 1440",
    "--profile,prod,unknown profile 'prod'"
  })
  void badInputIsAUsageErrorBeforeAnythingStarts(String option, String value, String message) {
    StringWriter err = new StringWriter();
    var cli = PlatformCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int exit = cli.execute("chaos", option, value);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }
}
