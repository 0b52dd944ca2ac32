package io.catalog.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StackMainTest {

  @Test
  void parsesCommandProfileAndJsonFlag() {
    StackMain.Command command =
        StackMain.Command.parse(new String[] {"status", "--profile", "test", "--json"});

    assertThat(command).isEqualTo(new StackMain.Command("status", StackProfile.TEST, true));
    assertThat(StackMain.Command.parse(new String[] {"up"}).profile()).isEqualTo(StackProfile.DEV);
    assertThat(StackMain.Command.parse(new String[] {"down", "--profile=test"}).profile())
        .isEqualTo(StackProfile.TEST);
  }

  @Test
  void usageErrorsExitWithTwoAndOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    int code = StackMain.run(new String[] {"launch"}, System.out, errStream);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("local-stack: unexpected argument 'launch'");
  }

  @Test
  void quotesJsonStrings() {
    assertThat(StackMain.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
  }
}
