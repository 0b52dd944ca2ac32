package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart of {@code deploy/helm/catalog} (docs/deploy.md): {@code helm lint} passes, every
 * document {@code helm template} renders is valid for a pinned Kubernetes version ({@code
 * kubernetes-validate --strict}), and the release holds what the docs promise. No cluster runs
 * where the suite runs, so this is what keeps the chart true. {@code ./platform test} installs helm
 * and kubernetes-validate ({@code scripts/install-tools.sh --with-helm}); without them these tests
 * fail, like the alert-rule tests without promtool.
 */
class HelmChartTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CHART = ROOT.resolve("deploy/helm/catalog");

  /** Rendered for and validated against; one that kubernetes-validate 1.37.0 has schemas of. */
  private static final String KUBERNETES = "1.33.0";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String ADMIN_TOKEN = "admin-token-for-the-test";
  private static final String READ_TOKEN = "read-token-for-the-test";

  /** What the chart cannot do without: the external endpoints and the secrets. */
  private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

  static {
    REQUIRED.put("external.postgres.url", "jdbc:postgresql://postgres:5432/platform");
    REQUIRED.put("external.postgres.user", "platform");
    REQUIRED.put("external.kafka.bootstrap", "kafka:9092");
    REQUIRED.put("external.elasticsearch.url", "http://elasticsearch:9200");
    REQUIRED.put("external.temporal.target", "temporal:7233");
    REQUIRED.put("secrets.dbPassword", "db-password-for-the-test");
    REQUIRED.put("secrets.opsAdminToken", ADMIN_TOKEN);
    REQUIRED.put("secrets.opsReadToken", READ_TOKEN);
  }

  @TempDir Path scratch;

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** The installed tool first (.platform/tools/bin, where ./platform test puts it), then PATH. */
  static String tool(String name) {
    Path installed = ROOT.resolve(".platform/tools/bin").resolve(name);
    if (Files.isExecutable(installed)) {
      return installed.toString();
    }
    Optional<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(dir -> !dir.isBlank())
            .map(dir -> Path.of(dir, name))
            .filter(Files::isExecutable)
            .findFirst();
    assertThat(onPath)
        .as(
            name
                + " is neither in .platform/tools/bin nor on PATH: run scripts/install-tools.sh --with-helm")
        .isPresent();
    return onPath.get().toString();
  }

  /** Output to files: both streams may be long, and reading one pipe could block the other. */
  Run run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(scratch, "out", ".txt");
    Path err = Files.createTempFile(scratch, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    // Helm keeps caches and settings under HOME; a test run writes none there.
    for (String dir : List.of("HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME")) {
      builder.environment().put(dir, scratch.resolve(dir).toString());
    }
    Process p = builder.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command + " finished").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** {@code --set} for each required value except those named, then {@code extra}. */
  static List<String> values(List<String> without, String... extra) {
    List<String> args = new ArrayList<>();
    REQUIRED.forEach(
        (key, value) -> {
          if (!without.contains(key)) {
            args.addAll(List.of("--set", key + "=" + value));
          }
        });
    args.addAll(List.of(extra));
    return args;
  }

  Run template(List<String> values) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                tool("helm"), "template", "rel", CHART.toString(), "--kube-version", KUBERNETES));
    command.addAll(values);
    return run(command);
  }

  /** The documents {@code helm template} renders, after checking that it rendered. */
  List<JsonNode> render(String... extra) throws Exception {
    Run rendered = template(values(List.of(), extra));
    assertThat(rendered.exit()).as(rendered.err()).isZero();
    return documents(rendered.out());
  }

  static List<JsonNode> documents(String yaml) throws IOException {
    return YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll().stream()
        .filter(doc -> doc != null && doc.isObject())
        .toList();
  }

  Run validate(String yaml) throws Exception {
    Path manifests = Files.writeString(Files.createTempFile(scratch, "rendered", ".yaml"), yaml);
    return run(
        List.of(tool("kubernetes-validate"), "-k", KUBERNETES, "--strict", manifests.toString()));
  }

  static Map<String, Long> kinds(List<JsonNode> docs) {
    return docs.stream()
        .collect(
            Collectors.groupingBy(
                d -> d.path("kind").asText(), TreeMap::new, Collectors.counting()));
  }

  static JsonNode one(List<JsonNode> docs, String kind, String component) {
    List<JsonNode> found =
        docs.stream()
            .filter(d -> d.path("kind").asText().equals(kind))
            .filter(
                d ->
                    component.equals(
                        d.at("/metadata/labels").path("app.kubernetes.io/component").asText()))
            .toList();
    assertThat(found).as(kind + " of " + component).hasSize(1);
    return found.get(0);
  }

  static JsonNode container(JsonNode workload) {
    return workload.at("/spec/template/spec/containers/0");
  }

  static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new LinkedHashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  /** The container port a probe or annotation names (by name or number). */
  static int port(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(port.asText())) {
        return p.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port " + port);
  }

  @Test
  void helmLintPasses() throws Exception {
    List<String> command =
        new ArrayList<>(List.of(tool("helm"), "lint", "--strict", CHART.toString()));
    command.addAll(values(List.of()));
    Run lint = run(command);
    assertThat(lint.exit()).as(lint.all()).isZero();
    assertThat(lint.all()).doesNotContain("[ERROR]").contains("0 chart(s) failed");
  }

  @Test
  void theDefaultReleaseIsValidKubernetesWithEveryKindItPromises() throws Exception {
    Run rendered = template(values(List.of()));
    assertThat(rendered.exit()).as(rendered.err()).isZero();
    Run validation = validate(rendered.out());
    assertThat(validation.exit()).as(validation.all()).isZero();
    // A kind without a schema is only a warning to kubernetes-validate: the default has none.
    assertThat(validation.all()).doesNotContain("ERROR", "Couldn't find schema");

    // Two Secrets: the release's, and the migration hook's copy of the password (hooks run
    // before the release's own resources exist).
    assertThat(kinds(render()))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "ConfigMap", 1L,
                    "Deployment", 2L,
                    "HorizontalPodAutoscaler", 2L,
                    "Job", 1L,
                    "PodDisruptionBudget", 2L,
                    "Secret", 2L,
                    "Service", 2L)));
  }

  /** Readiness asks the health pages docker-compose.yml's healthchecks ask, on the same ports. */
  @Test
  void readinessAsksTheHealthPagesAndLivenessOnlyWhetherTheProcessAnswers() throws Exception {
    List<JsonNode> docs = render();
    String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
    // Liveness leaves the dependencies out: a restart would not bring Postgres back. The API's is
    // Dropwizard's admin /ping; the workers have no page but /health and /metrics.
    Map<String, String> liveness = Map.of("api", ":8001/ping", "workers", ":8002/metrics");
    for (String component : List.of("api", "workers")) {
      JsonNode container = container(one(docs, "Deployment", component));
      JsonNode readiness = container.at("/readinessProbe/httpGet");
      assertThat(readiness.path("path").asText()).as(component).isEqualTo("/health");
      int port = port(container, readiness.path("port"));
      assertThat(compose).contains("curl -fsS http://localhost:" + port + "/health");
      JsonNode alive = container.at("/livenessProbe/httpGet");
      assertThat(":" + port(container, alive.path("port")) + alive.path("path").asText())
          .as(component)
          .isEqualTo(liveness.get(component));
      assertThat(container.at("/startupProbe/httpGet")).isEqualTo(alive);
    }
  }

  /** The pods say where their /metrics is, on the ports ops/prometheus/prometheus.yml scrapes. */
  @Test
  void thePodsCarryTheScrapeAnnotations() throws Exception {
    List<JsonNode> docs = render();
    String prometheus = Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml"));
    for (String component : List.of("api", "workers")) {
      JsonNode annotations =
          one(docs, "Deployment", component).at("/spec/template/metadata/annotations");
      assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
      assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
      String port = annotations.path("prometheus.io/port").asText();
      assertThat(prometheus).contains("\"" + component + ":" + port + "\"");
    }
    assertThat(render("--set", "metrics.podAnnotations=false").toString())
        .doesNotContain("prometheus.io/scrape");
  }

  @Test
  void theSecretsReachThePodsOnlyThroughASecret() throws Exception {
    List<JsonNode> docs = render();
    Map<String, JsonNode> api = env(container(one(docs, "Deployment", "api")));
    Map<String, JsonNode> workers = env(container(one(docs, "Deployment", "workers")));
    for (var variable :
        List.of(
            Map.entry(api, "OPS_ADMIN_TOKEN"),
            Map.entry(api, "OPS_READ_TOKEN"),
            Map.entry(api, "DB_PASSWORD"),
            Map.entry(workers, "DB_PASSWORD"))) {
      JsonNode ref = variable.getKey().get(variable.getValue()).at("/valueFrom/secretKeyRef");
      assertThat(ref.path("name").asText()).as(variable.getValue()).isEqualTo("rel-catalog");
    }
    JsonNode secret =
        docs.stream()
            .filter(d -> d.path("kind").asText().equals("Secret"))
            .filter(d -> d.at("/metadata/name").asText().equals("rel-catalog"))
            .findFirst()
            .orElseThrow();
    assertThat(secret.path("data").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("db-password", "ops-admin-token", "ops-read-token");
    String notSecrets =
        docs.stream().filter(d -> !d.path("kind").asText().equals("Secret")).toList().toString();
    assertThat(notSecrets)
        .doesNotContain(ADMIN_TOKEN, READ_TOKEN, REQUIRED.get("secrets.dbPassword"));
  }

  @Test
  void anExistingSecretReplacesTheChartsOwn() throws Exception {
    Run rendered =
        template(
            values(
                List.of("secrets.dbPassword", "secrets.opsAdminToken", "secrets.opsReadToken"),
                "--set",
                "secrets.existingSecret=made-by-hand"));
    assertThat(rendered.exit()).as(rendered.err()).isZero();
    List<JsonNode> docs = documents(rendered.out());
    assertThat(kinds(docs)).doesNotContainKey("Secret");
    List<String> refs = new ArrayList<>();
    for (JsonNode doc : docs) {
      doc.findValues("secretKeyRef").forEach(ref -> refs.add(ref.path("name").asText()));
    }
    assertThat(refs).hasSize(5).containsOnly("made-by-hand");
  }

  @Test
  void theMigrationJobRunsTheApisMigrateCommandBeforeTheApiRolls() throws Exception {
    List<JsonNode> docs = render();
    JsonNode job = one(docs, "Job", "migration");
    JsonNode annotations = job.at("/metadata/annotations");
    assertThat(annotations.path("helm.sh/hook").asText()).isEqualTo("pre-install,pre-upgrade");
    assertThat(annotations.path("helm.sh/hook-delete-policy").asText())
        .isEqualTo("before-hook-creation,hook-succeeded");
    JsonNode migrate = container(job);
    JsonNode api = container(one(docs, "Deployment", "api"));
    assertThat(migrate.path("image")).isEqualTo(api.path("image"));
    // MigrateCommand of api-service, with the server's own configuration file.
    assertThat(migrate.path("args").toString())
        .isEqualTo("[\"migrate\",\"config/api-production.yml\"]");
    assertThat(api.path("args").get(1)).isEqualTo(migrate.path("args").get(1));
    Map<String, JsonNode> env = env(migrate);
    assertThat(env.get("DB_URL").path("value").asText())
        .isEqualTo(REQUIRED.get("external.postgres.url"));
    // The password comes from a hook Secret created before the Job (a lower weight).
    JsonNode password = one(docs, "Secret", "migration");
    assertThat(env.get("DB_PASSWORD").at("/valueFrom/secretKeyRef/name"))
        .isEqualTo(password.at("/metadata/name"));
    JsonNode passwordHook = password.at("/metadata/annotations");
    assertThat(passwordHook.path("helm.sh/hook")).isEqualTo(annotations.path("helm.sh/hook"));
    assertThat(passwordHook.path("helm.sh/hook-weight").asInt())
        .isLessThan(annotations.path("helm.sh/hook-weight").asInt());
  }

  @Test
  void everyContainerRunsAsItsUserWithNothingWritableButTmp() throws Exception {
    List<JsonNode> docs = render();
    for (JsonNode workload :
        List.of(
            one(docs, "Deployment", "api"),
            one(docs, "Deployment", "workers"),
            one(docs, "Job", "migration"))) {
      JsonNode pod = workload.at("/spec/template/spec");
      JsonNode container = container(workload);
      String name = workload.at("/metadata/name").asText();
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
      assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
          .as(name)
          .isTrue();
      assertThat(container.at("/securityContext/capabilities/drop").toString())
          .as(name)
          .isEqualTo("[\"ALL\"]");
      assertThat(container.at("/volumeMounts/0/mountPath").asText()).as(name).isEqualTo("/tmp");
      assertThat(container.at("/resources/limits/memory").asText()).as(name).isEqualTo("768Mi");
    }
  }

  @Test
  void withoutAutoscalingTheReplicasAreTheValues() throws Exception {
    List<JsonNode> scaled = render();
    assertThat(one(scaled, "Deployment", "api").at("/spec/replicas").isMissingNode())
        .as("the autoscaler owns the replicas")
        .isTrue();
    Run rendered =
        template(
            values(
                List.of(),
                "--set",
                "api.autoscaling.enabled=false",
                "--set",
                "api.replicas=3",
                "--set",
                "workers.autoscaling.enabled=false",
                "--set",
                "workers.replicas=2"));
    assertThat(rendered.exit()).as(rendered.err()).isZero();
    List<JsonNode> fixed = documents(rendered.out());
    assertThat(kinds(fixed)).doesNotContainKey("HorizontalPodAutoscaler");
    assertThat(one(fixed, "Deployment", "api").at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(one(fixed, "Deployment", "workers").at("/spec/replicas").asInt()).isEqualTo(2);
    Run validation = validate(rendered.out());
    assertThat(validation.exit()).as(validation.all()).isZero();
  }

  @Test
  void aValueOfTheWrongTypeFailsValidationNamingTheField() throws Exception {
    Run rendered =
        template(
            values(
                List.of(),
                "--set",
                "api.autoscaling.enabled=false",
                "--set-string",
                "api.replicas=two"));
    assertThat(rendered.exit()).as(rendered.err()).isZero();
    Run validation = validate(rendered.out());
    assertThat(validation.exit()).isNotZero();
    assertThat(validation.all())
        .contains("deployment/rel-catalog-api")
        .contains("spec.replicas")
        .contains("'two'");
  }

  static Stream<String> requiredValues() {
    return REQUIRED.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("requiredValues")
  void aMissingRequiredValueStopsTheRenderNamingIt(String key) throws Exception {
    Run rendered = template(values(List.of(key)));
    assertThat(rendered.exit()).as(rendered.out()).isNotZero();
    assertThat(rendered.err()).contains(key + " is required");
  }

  @Test
  void anOpsTokenTheApiWouldRefuseStopsTheRender() throws Exception {
    Run rendered = template(values(List.of(), "--set", "secrets.opsReadToken=short"));
    assertThat(rendered.exit()).isNotZero();
    assertThat(rendered.err()).contains("secrets.opsReadToken must be at least 16 characters");
  }

  /**
   * The Prometheus Operator's kind: kubernetes-validate has no schema of it, so it is checked here.
   */
  @Test
  void theServiceMonitorsAreOptionalAndNameTheJobsTheAlertsExpect() throws Exception {
    assertThat(kinds(render())).doesNotContainKey("ServiceMonitor");
    List<JsonNode> docs = render("--set", "metrics.serviceMonitor.enabled=true");
    String alerts = Files.readString(ROOT.resolve("ops/prometheus/alerts.yml"));
    for (String component : List.of("api", "workers")) {
      JsonNode monitor = one(docs, "ServiceMonitor", component);
      JsonNode service = one(docs, "Service", component);
      assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
      String jobLabel = monitor.at("/spec/jobLabel").asText();
      assertThat(service.at("/metadata/labels").path(jobLabel).asText()).isEqualTo(component);
      assertThat(alerts).contains("up{job=\"" + component + "\"}");
      monitor
          .at("/spec/selector/matchLabels")
          .fields()
          .forEachRemaining(
              label ->
                  assertThat(service.at("/metadata/labels").path(label.getKey()))
                      .isEqualTo(label.getValue()));
      JsonNode endpoint = monitor.at("/spec/endpoints/0");
      assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
      assertThat(service.at("/spec/ports/0/name")).isEqualTo(endpoint.path("port"));
    }
  }
}
