package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules of {@code ops/prometheus/alerts.yml} are valid, pass their {@code promtool test
 * rules} unit tests, and every rule is tested both ways (a case that fires it and one that must
 * not) and tells the on-call engineer which runbook to open. {@code ./platform test} installs
 * promtool (Debian's prometheus package) before the suite runs.
 */
class AlertRulesTest {
  private static final Path PROMETHEUS =
      Path.of("..", "ops", "prometheus").toAbsolutePath().normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Result(int exit, String output) {}

  static Result promtool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(p.exitValue(), output);
  }

  @Test
  void theRulesAreValidAndPassTheirUnitTests() throws Exception {
    Result check = promtool(PROMETHEUS, "check", "rules", "alerts.yml");
    assertThat(check.exit()).as(check.output()).isZero();
    Result test = promtool(PROMETHEUS, "test", "rules", "alerts.test.yml");
    assertThat(test.exit()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void theComposePrometheusLoadsTheRules() throws Exception {
    JsonNode config = YAML.readTree(PROMETHEUS.resolve("prometheus.yml").toFile());
    assertThat(config.path("rule_files").toString()).contains("/etc/prometheus/alerts.yml");
    assertThat(Files.readString(PROMETHEUS.resolve("../../docker-compose.yml").normalize()))
        .contains("./ops/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
  }

  @Test
  void everyRuleFiresInOneCaseAndStaysQuietInAnother() throws Exception {
    Set<String> rules = new TreeSet<>();
    for (JsonNode group : YAML.readTree(PROMETHEUS.resolve("alerts.yml").toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name = rule.path("alert").asText();
        rules.add(name);
        assertThat(rule.path("annotations").path("summary").asText())
            .as(name + " summary")
            .isNotBlank();
        assertThat(rule.path("annotations").path("description").asText())
            .as(name + " names a runbook")
            .contains("runbooks/");
        assertThat(rule.path("labels").path("severity").asText())
            .as(name + " severity")
            .isIn("page", "ticket");
      }
    }
    Set<String> fired = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode test :
        YAML.readTree(PROMETHEUS.resolve("alerts.test.yml").toFile()).path("tests")) {
      for (JsonNode expectation : test.path("alert_rule_test")) {
        String name = expectation.path("alertname").asText();
        (expectation.path("exp_alerts").isEmpty() ? quiet : fired).add(name);
      }
    }
    assertThat(rules).hasSizeGreaterThanOrEqualTo(7);
    assertThat(fired).as("rules with a case that fires them").containsAll(rules);
    assertThat(quiet).as("rules with a case that must not fire them").containsAll(rules);
  }

  @Test
  void aRuleThatNoLongerFiresFailsItsUnitTest(@TempDir Path scratch) throws Exception {
    Files.writeString(
        scratch.resolve("alerts.yml"),
        Files.readString(PROMETHEUS.resolve("alerts.yml"))
            .replace("outbox_failed_rows) > 0", "outbox_failed_rows) > 5"));
    Files.copy(PROMETHEUS.resolve("alerts.test.yml"), scratch.resolve("alerts.test.yml"));
    Result test = promtool(scratch, "test", "rules", "alerts.test.yml");
    assertThat(test.exit()).as(test.output()).isNotZero();
    assertThat(test.output()).contains("OutboxRowsFailed");
  }
}
