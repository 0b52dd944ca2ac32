package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.catalog.localstack.PostgresServerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static checks of {@code docker-compose.yml}, {@code docker/*.Dockerfile} and the Prometheus and
 * Grafana files under {@code ops/}. No Docker engine runs where the suite runs, so these checks are
 * what keeps the container stack true to the code. Every check returns the problems it finds; the
 * tests expect none, and {@link #aBrokenCopyIsCaught} runs the same checks on in-memory copies of
 * the repository with one thing broken.
 */
class ComposeFileTest {
  private static final Repo REPO = Repo.at(Path.of("..").toAbsolutePath().normalize());
  private static final String COMPOSE = "docker-compose.yml";
  private static final String API_CONFIG = "config/api-production.yml";
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> SERVICES =
      Set.of(
          "postgres",
          "kafka",
          "elasticsearch",
          "temporal",
          "temporal-ui",
          "temporal-admin-tools",
          "api",
          "workers",
          "prometheus",
          "grafana");

  /** docs/architecture.md, "Ports": host port → the service that must publish it. */
  private static final Map<Integer, String> CONTRACT_PORTS =
      Map.of(
          8000,
          "api",
          8001,
          "api",
          8002,
          "workers",
          8233,
          "temporal-ui",
          7233,
          "temporal",
          9200,
          "elasticsearch",
          9092,
          "kafka",
          5432,
          "postgres");

  private static final Set<String> INFRASTRUCTURE =
      Set.of("postgres", "kafka", "elasticsearch", "temporal");
  private static final Set<String> SCRAPE_TARGETS = Set.of("api:8000", "workers:8002");

  /** Built services: the Maven module each image packages and the main class it runs. */
  private static final Map<String, List<String>> BUILT =
      Map.of(
          "api",
          List.of("api-service", "io.catalog.api.ApiApplication"),
          "workers",
          List.of("workers", "io.catalog.workers.WorkersMain"));

  private static final List<String> METRIC_PREFIXES =
      List.of(
          "http_server_",
          "jvm_",
          "process_",
          "db_pool_",
          "jetty_",
          "outbox_",
          "projection_",
          "dlq_",
          "rebuild_",
          "replay_",
          "consumer_",
          "workflow_",
          "reconciliation_");

  @Test
  void everyServiceHasAPinnedImageOrABuildWhoseFilesExist() {
    assertThat(images(REPO)).isEmpty();
  }

  @Test
  void dependenciesNameServicesAndWaitForHealth() {
    assertThat(dependencies(REPO)).isEmpty();
  }

  @Test
  void theApplicationsGetEveryVariableTheirConfigNeedsAndAddressesResolve() {
    assertThat(environment(REPO)).isEmpty();
  }

  @Test
  void theApiIsGivenRealOpsTokensNeverTheDevelopmentOnes() {
    assertThat(opsTokens(REPO)).isEmpty();
  }

  @Test
  void designPortsArePublishedByTheirServices() {
    assertThat(publishedPorts(REPO)).isEmpty();
  }

  @Test
  void kafkaAdvertisesAnAddressForContainersAndOneForTheHost() {
    assertThat(kafka(REPO)).isEmpty();
  }

  @Test
  void postgresRunsWithTheWalSettingsOfTheLocalStack() {
    assertThat(postgres(REPO)).isEmpty();
  }

  @Test
  void bindMountsExistAndNamedVolumesAreDeclared() {
    assertThat(volumes(REPO)).isEmpty();
  }

  @Test
  void prometheusScrapesTheApiAndTheWorkersWhereTheyListen() {
    assertThat(prometheus(REPO)).isEmpty();
  }

  @Test
  void grafanaProvisionsTheDatasourceAndADashboardWhosePanelsAllQuery() {
    assertThat(grafana(REPO)).isEmpty();
  }

  @Test
  void dockerfilesPackageTheirModuleAndRunAsNonRoot() {
    assertThat(dockerfiles(REPO)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenCopies")
  void aBrokenCopyIsCaught(
      String what, Repo broken, Function<Repo, List<String>> check, String expected) {
    assertThat(check.apply(REPO)).as("the intact repository").isEmpty();
    assertThat(check.apply(broken)).anySatisfy(problem -> assertThat(problem).contains(expected));
  }

  static Stream<Arguments> brokenCopies() {
    String dashboard = "ops/grafana/dashboards/catalog-platform.json";
    return Stream.of(
        broken(
            "a Dockerfile deleted",
            REPO.without("docker/workers.Dockerfile"),
            ComposeFileTest::images,
            "docker/workers.Dockerfile does not exist"),
        broken(
            "a scrape port changed",
            edited("ops/prometheus/prometheus.yml", "workers:8002", "workers:8003"),
            ComposeFileTest::prometheus,
            "workers:8003"),
        broken(
            "an image on latest",
            edited(COMPOSE, "prom/prometheus:v3.5.0", "prom/prometheus:latest"),
            ComposeFileTest::images,
            "latest"),
        broken(
            "the API's database URL dropped",
            edited(COMPOSE, "      DB_URL: jdbc:postgresql://postgres:5432/platform\n", ""),
            ComposeFileTest::environment,
            "api does not set DB_URL"),
        broken(
            "the development ops token as the default",
            edited(
                COMPOSE,
                "${OPS_ADMIN_TOKEN:?set OPS_ADMIN_TOKEN to a secret of 16+ characters}",
                "${OPS_ADMIN_TOKEN:-dev-ops-admin-token}"),
            ComposeFileTest::opsTokens,
            "api OPS_ADMIN_TOKEN"),
        broken(
            "the WAL left at the default size",
            edited(COMPOSE, "\"-c\", \"max_wal_size=4GB\", ", ""),
            ComposeFileTest::postgres,
            "max_wal_size=4GB"),
        broken(
            "the host listener published elsewhere",
            edited(COMPOSE, ":-9092}:29092", ":-9092}:29093"),
            ComposeFileTest::kafka,
            "listener HOST"),
        broken(
            "a panel on an unknown datasource",
            edited(dashboard, "\"uid\": \"prometheus\"", "\"uid\": \"prom\""),
            ComposeFileTest::grafana,
            "'prom'"),
        broken(
            "a panel without a query",
            edited(dashboard, "max(outbox_pending_rows)", ""),
            ComposeFileTest::grafana,
            "no query"),
        broken(
            "a table-wide gauge summed over the workers processes",
            edited(dashboard, "max(outbox_failed_rows)", "sum(outbox_failed_rows)"),
            ComposeFileTest::grafana,
            "sums outbox_failed_rows"),
        broken(
            "the final stage running as root",
            edited("docker/api.Dockerfile", "USER 10001:10001", "USER root"),
            ComposeFileTest::dockerfiles,
            "runs as root"),
        broken(
            "a jar of another module",
            edited("docker/api.Dockerfile", "target/api-service-0", "target/workers-0"),
            ComposeFileTest::dockerfiles,
            "copies no api-service/target/api-service-0.1.0-SNAPSHOT.jar"));
  }

  /**
   * The repository with the first {@code from} in {@code file} replaced (no-op edits fail the
   * test).
   */
  private static Repo edited(String file, String from, String to) {
    return REPO.with(
        file, text -> text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
  }

  private static Arguments broken(
      String what, Repo repo, Function<Repo, List<String>> check, String expected) {
    return Arguments.of(what, repo, check, expected);
  }

  // ---- the checks ----------------------------------------------------------------------------

  static List<String> images(Repo repo) {
    List<String> problems = new ArrayList<>();
    JsonNode services = services(repo);
    SERVICES.stream()
        .filter(s -> !services.has(s))
        .sorted()
        .forEach(s -> problems.add("missing service " + s));
    services
        .fields()
        .forEachRemaining(
            e -> {
              String name = e.getKey();
              JsonNode service = e.getValue();
              if (service.has("image")) {
                imageProblem(service.path("image").asText())
                    .ifPresent(p -> problems.add(name + ": " + p));
              } else if (service.has("build")) {
                String context = buildContext(service);
                String dockerfile = dockerfile(service);
                if (!repo.isDirectory(context)) {
                  problems.add(name + ": build context " + context + " does not exist");
                }
                if (!repo.exists(dockerfile)) {
                  problems.add(name + ": " + dockerfile + " does not exist");
                } else {
                  Dockerfile parsed = Dockerfile.parse(repo.read(dockerfile));
                  parsed
                      .baseImages()
                      .forEach(
                          i -> imageProblem(i).ifPresent(p -> problems.add(dockerfile + ": " + p)));
                }
              } else {
                problems.add(name + ": neither image nor build");
              }
            });
    return problems;
  }

  static List<String> dependencies(Repo repo) {
    List<String> problems = new ArrayList<>();
    JsonNode services = services(repo);
    services
        .fields()
        .forEachRemaining(
            e -> {
              Map<String, String> deps = dependsOn(e.getValue());
              deps.forEach(
                  (target, condition) -> {
                    if (!services.has(target)) {
                      problems.add(e.getKey() + " depends on " + target + ", which is no service");
                    } else if (condition.equals("service_healthy")
                        && !hasHealthcheck(services.path(target))) {
                      problems.add(
                          e.getKey()
                              + " waits for "
                              + target
                              + " to be healthy, which has no healthcheck");
                    }
                  });
              if (BUILT.containsKey(e.getKey())) {
                INFRASTRUCTURE.stream()
                    .filter(i -> !"service_healthy".equals(deps.get(i)))
                    .sorted()
                    .forEach(
                        i ->
                            problems.add(
                                e.getKey()
                                    + " must wait for "
                                    + i
                                    + " with condition service_healthy"));
              }
            });
    Stream.concat(INFRASTRUCTURE.stream(), BUILT.keySet().stream())
        .filter(s -> services.has(s) && !hasHealthcheck(services.path(s)))
        .sorted()
        .forEach(s -> problems.add(s + " has no healthcheck"));
    return problems;
  }

  static List<String> environment(Repo repo) {
    List<String> problems = new ArrayList<>();
    JsonNode services = services(repo);
    Set<String> needed = variablesContainersMustSet(repo.read(API_CONFIG));
    for (String app : BUILT.keySet()) {
      Map<String, String> env = env(services.path(app));
      needed.stream()
          .filter(v -> !env.containsKey(v))
          .sorted()
          .forEach(
              v ->
                  problems.add(
                      app
                          + " does not set "
                          + v
                          + ", which "
                          + API_CONFIG
                          + " needs in a container"));
    }
    services
        .fields()
        .forEachRemaining(
            e ->
                env(e.getValue())
                    .forEach(
                        (key, value) -> {
                          Matcher m =
                              Pattern.compile("(?:^|//)([a-z][a-z0-9-]*):(\\d+)").matcher(value);
                          while (m.find()) {
                            String host = m.group(1);
                            int port = Integer.parseInt(m.group(2));
                            if (!host.equals("localhost")
                                && !listensOn(services.path(host), port)) {
                              problems.add(
                                  e.getKey()
                                      + " "
                                      + key
                                      + " names "
                                      + host
                                      + ":"
                                      + port
                                      + ", where no service listens");
                            }
                          }
                        }));
    return problems;
  }

  /**
   * The API listens on all interfaces of its container, where it refuses the development tokens of
   * config/api.yml: each ops token is required from the environment ({@code ${VAR:?message}}) or a
   * literal of 16+ characters that is not a development token.
   */
  static List<String> opsTokens(Repo repo) {
    List<String> problems = new ArrayList<>();
    // Read before interpolation: a required variable's message is not its value.
    Map<String, String> env = env(yaml(repo.read(COMPOSE)).path("services").path("api"));
    for (String variable : List.of("OPS_ADMIN_TOKEN", "OPS_READ_TOKEN")) {
      String value = env.getOrDefault(variable, "");
      boolean required = value.matches("\\$\\{" + variable + ":\\?[^}]+}");
      boolean literal =
          value.length() >= 16 && !value.contains("$") && !value.startsWith("dev-ops-");
      if (!required && !literal) {
        problems.add(
            "api "
                + variable
                + " must be required (${"
                + variable
                + ":?message}) or a real secret, not '"
                + value
                + "'");
      }
    }
    return problems;
  }

  static List<String> publishedPorts(Repo repo) {
    List<String> problems = new ArrayList<>();
    Map<Integer, String> publishers = new HashMap<>();
    services(repo)
        .fields()
        .forEachRemaining(
            e -> {
              for (Port p : ports(e.getValue())) {
                String other = p.host() > 0 ? publishers.put(p.host(), e.getKey()) : null;
                if (other != null) {
                  problems.add(
                      "host port "
                          + p.host()
                          + " is published by both "
                          + other
                          + " and "
                          + e.getKey());
                }
              }
            });
    CONTRACT_PORTS.forEach(
        (port, service) -> {
          if (!service.equals(publishers.get(port))) {
            problems.add(
                "port (docs/architecture.md, Ports) "
                    + port
                    + " must be published by "
                    + service
                    + ", not "
                    + publishers.get(port));
          }
        });
    return problems;
  }

  /** The durable local stack's WAL settings, passed as {@code -c} options to {@code postgres}. */
  static List<String> postgres(Repo repo) {
    List<String> command = new ArrayList<>();
    services(repo).path("postgres").path("command").forEach(arg -> command.add(arg.asText()));
    List<String> problems = new ArrayList<>();
    if (command.isEmpty() || !command.get(0).equals("postgres")) {
      problems.add("postgres: command must start with postgres, got " + command);
    }
    PostgresServerMain.DURABLE_WAL.forEach(
        (name, value) -> {
          int at = command.indexOf(name + "=" + value);
          if (at < 1 || !command.get(at - 1).equals("-c")) {
            problems.add("postgres: command lacks -c " + name + "=" + value);
          }
        });
    return problems;
  }

  static List<String> kafka(Repo repo) {
    List<String> problems = new ArrayList<>();
    JsonNode kafka = services(repo).path("kafka");
    Map<String, String> env = env(kafka);
    Map<String, HostPort> listeners = listeners(env.getOrDefault("KAFKA_LISTENERS", ""));
    Map<String, HostPort> advertised =
        listeners(env.getOrDefault("KAFKA_ADVERTISED_LISTENERS", ""));
    String protocols = env.getOrDefault("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "");
    if (!"false".equals(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))) {
      problems.add(
          "kafka: KAFKA_AUTO_CREATE_TOPICS_ENABLE must be false, the application creates its topics");
    }
    advertised.forEach(
        (name, address) -> {
          HostPort bound = listeners.get(name);
          if (bound == null || !protocols.matches("(^|.*,)" + name + ":.*")) {
            problems.add(
                "kafka: advertised listener "
                    + name
                    + " is not in KAFKA_LISTENERS and the protocol map");
          } else if (address.host().equals("localhost")) {
            boolean published = ports(kafka).contains(new Port(address.port(), bound.port()));
            if (!published) {
              problems.add(
                  "kafka: listener "
                      + name
                      + " advertises localhost:"
                      + address.port()
                      + " but container port "
                      + bound.port()
                      + " is not published there");
            }
          } else if (!address.host().equals("kafka")
              || address.port() != bound.port()
              || !listensOn(kafka, bound.port())) {
            problems.add(
                "kafka: listener "
                    + name
                    + " advertises "
                    + address
                    + ", not kafka:"
                    + bound.port());
          }
        });
    if (!advertised.containsValue(new HostPort("kafka", 9092))) {
      problems.add("kafka: no listener advertises kafka:9092 to the other containers");
    }
    if (advertised.values().stream()
        .noneMatch(a -> a.host().equals("localhost") && a.port() == 9092)) {
      problems.add("kafka: no listener advertises localhost:9092 to the host");
    }
    problems.addAll(kraftSettings(env, listeners));
    return problems;
  }

  private static List<String> kraftSettings(
      Map<String, String> env, Map<String, HostPort> listeners) {
    List<String> problems = new ArrayList<>();
    try {
      if (Base64.getUrlDecoder().decode(env.getOrDefault("CLUSTER_ID", "")).length != 16) {
        problems.add("kafka: CLUSTER_ID must be 16 bytes in URL-safe base64");
      }
    } catch (IllegalArgumentException e) {
      problems.add("kafka: CLUSTER_ID is not URL-safe base64");
    }
    HostPort controller = listeners.get(env.get("KAFKA_CONTROLLER_LISTENER_NAMES"));
    String voter =
        env.get("KAFKA_NODE_ID") + "@kafka:" + (controller == null ? "?" : controller.port());
    if (!voter.equals(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))) {
      problems.add("kafka: KAFKA_CONTROLLER_QUORUM_VOTERS must be " + voter);
    }
    for (String topic :
        List.of("OFFSETS_TOPIC", "TRANSACTION_STATE_LOG", "SHARE_COORDINATOR_STATE_TOPIC")) {
      if (!"1".equals(env.get("KAFKA_" + topic + "_REPLICATION_FACTOR"))) {
        problems.add("kafka: KAFKA_" + topic + "_REPLICATION_FACTOR must be 1 on a single node");
      }
    }
    return problems;
  }

  static List<String> volumes(Repo repo) {
    List<String> problems = new ArrayList<>();
    JsonNode declared = compose(repo).path("volumes");
    services(repo)
        .fields()
        .forEachRemaining(
            e ->
                mounts(e.getValue())
                    .forEach(
                        m -> {
                          if (m.isBind() && !repo.exists(m.source())) {
                            problems.add(
                                e.getKey() + " mounts " + m.source() + ", which does not exist");
                          } else if (!m.isBind() && !declared.has(m.source())) {
                            problems.add(
                                e.getKey()
                                    + " mounts volume "
                                    + m.source()
                                    + ", which is not declared");
                          }
                        }));
    return problems;
  }

  static List<String> prometheus(Repo repo) {
    List<String> problems = new ArrayList<>();
    JsonNode services = services(repo);
    Optional<Mount> config =
        mounts(services.path("prometheus")).stream()
            .filter(m -> m.target().equals("/etc/prometheus/prometheus.yml"))
            .findFirst();
    if (config.isEmpty() || !repo.exists(config.get().source())) {
      return List.of("prometheus: no /etc/prometheus/prometheus.yml mounted from the repository");
    }
    Set<String> targets = new TreeSet<>();
    for (JsonNode job : yaml(repo.read(config.get().source())).path("scrape_configs")) {
      if (!job.path("metrics_path").asText().equals("/metrics")) {
        problems.add(
            "prometheus job "
                + job.path("job_name").asText()
                + " must scrape metrics_path /metrics");
      }
      job.path("static_configs")
          .forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText())));
    }
    if (!targets.equals(new TreeSet<>(SCRAPE_TARGETS))) {
      problems.add("prometheus scrapes " + targets + ", expected " + new TreeSet<>(SCRAPE_TARGETS));
    }
    for (String target : targets) {
      HostPort hp = HostPort.parse(target);
      JsonNode service = services.path(hp.host());
      if (!listensOn(service, hp.port())) {
        problems.add(
            "prometheus target " + target + ": " + hp.host() + " does not expose " + hp.port());
      } else if (service.has("build")
          && !Dockerfile.parse(repo.read(dockerfile(service))).exposed().contains(hp.port())) {
        problems.add("prometheus target " + target + ": the image does not EXPOSE " + hp.port());
      }
    }
    return problems;
  }

  static List<String> grafana(Repo repo) {
    List<String> problems = new ArrayList<>();
    JsonNode services = services(repo);
    List<Mount> mounts = mounts(services.path("grafana"));
    Set<String> datasources = new LinkedHashSet<>();
    for (Mount m : provisioning(repo, mounts, "datasources", problems)) {
      for (JsonNode ds : yaml(repo.read(m.source())).path("datasources")) {
        datasources.add(ds.path("uid").asText());
        HostPort url = HostPort.parse(ds.path("url").asText().replaceFirst("^https?://", ""));
        if (!listensOn(services.path(url.host()), url.port())) {
          problems.add(
              "grafana datasource "
                  + ds.path("name").asText()
                  + " points at "
                  + url
                  + ", a closed port");
        }
      }
    }
    List<String> dashboards = new ArrayList<>();
    for (Mount m : provisioning(repo, mounts, "dashboards", problems)) {
      for (JsonNode provider : yaml(repo.read(m.source())).path("providers")) {
        String path = provider.path("options").path("path").asText();
        mounts.stream()
            .filter(d -> d.isBind() && d.target().equals(path))
            .findFirst()
            .ifPresentOrElse(
                d -> dashboards.addAll(repo.list(d.source(), ".json")),
                () ->
                    problems.add(
                        "grafana dashboard provider path "
                            + path
                            + " is not mounted from the repository"));
      }
    }
    if (dashboards.isEmpty()) {
      problems.add("grafana provisions no dashboard");
    }
    dashboards.forEach(d -> problems.addAll(dashboard(repo, d, datasources)));
    return problems;
  }

  private static List<Mount> provisioning(
      Repo repo, List<Mount> mounts, String kind, List<String> problems) {
    List<Mount> files =
        mounts.stream()
            .filter(
                m -> m.isBind() && m.target().startsWith("/etc/grafana/provisioning/" + kind + "/"))
            .toList();
    if (files.isEmpty()) {
      problems.add("grafana mounts no " + kind + " provisioning file");
    }
    files.stream()
        .filter(m -> !repo.exists(m.source()))
        .forEach(m -> problems.add("grafana provisioning file " + m.source() + " does not exist"));
    return files.stream().filter(m -> repo.exists(m.source())).toList();
  }

  /**
   * Gauges each workers process reads from the whole database table, not from its own work: every
   * replica exports the same value.
   */
  private static final Set<String> TABLE_WIDE =
      Set.of(
          "outbox_pending_rows",
          "outbox_failed_rows",
          "outbox_oldest_pending_age_seconds",
          "dlq_pending_entries");

  private static List<String> dashboard(Repo repo, String file, Set<String> datasources) {
    List<String> problems = new ArrayList<>();
    JsonNode panels = json(repo.read(file)).path("panels");
    if (panels.isEmpty()) {
      problems.add(file + " has no panels");
    }
    Set<String> unknownDatasources = new TreeSet<>();
    for (JsonNode panel : panels) {
      String title = file + " panel '" + panel.path("title").asText() + "'";
      if (panel.path("targets").isEmpty()) {
        problems.add(title + " has no query");
      }
      Stream.concat(
              Stream.of(panel), StreamSupport.stream(panel.path("targets").spliterator(), false))
          .map(n -> n.path("datasource").path("uid").asText(""))
          .filter(uid -> !datasources.contains(uid))
          .forEach(unknownDatasources::add);
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (expr.isBlank()) {
          problems.add(title + " has no query (empty expr)");
        }
        metricNames(expr)
            .forEach(
                name -> metricProblem(repo, name).ifPresent(p -> problems.add(title + ": " + p)));
        TABLE_WIDE.stream()
            .filter(
                name -> Pattern.compile("\\bsum\\s*\\(\\s*" + name + "\\b").matcher(expr).find())
            .forEach(
                name ->
                    problems.add(
                        title
                            + " sums "
                            + name
                            + ", which every workers process exports whole: with three"
                            + " replicas it shows three times the truth (use max)"));
      }
    }
    unknownDatasources.forEach(
        uid -> problems.add(file + " uses datasource uid '" + uid + "', not provisioned"));
    return problems;
  }

  /**
   * The metric names of a PromQL expression: identifiers that are not functions, keywords or
   * labels.
   */
  static Set<String> metricNames(String expr) {
    String bare =
        expr.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?<![\\w:.$])[A-Za-z_:][\\w:]*+(?!\\s*\\()").matcher(bare);
    while (m.find()) {
      if (!Set.of(
              "by",
              "without",
              "bool",
              "and",
              "or",
              "unless",
              "offset",
              "on",
              "ignoring",
              "inf",
              "nan")
          .contains(m.group().toLowerCase(Locale.ROOT))) {
        names.add(m.group());
      }
    }
    return names;
  }

  /**
   * A metric of one of our registries, by its family; PrometheusIT evaluates every panel against a
   * real Prometheus scraping the running processes.
   */
  private static Optional<String> metricProblem(Repo repo, String name) {
    return METRIC_PREFIXES.stream().anyMatch(name::startsWith)
        ? Optional.empty()
        : Optional.of("metric " + name + " is not one of " + METRIC_PREFIXES);
  }

  static List<String> modules(Repo repo) {
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(repo.read("pom.xml"));
    while (m.find()) {
      modules.add(m.group(1));
    }
    return modules;
  }

  static List<String> dockerfiles(Repo repo) {
    List<String> problems = new ArrayList<>();
    List<String> ignored =
        repo.exists(".dockerignore")
            ? repo.read(".dockerignore").lines().map(String::strip).toList()
            : List.of();
    if (!ignored.containsAll(List.of("**/target", ".git"))) {
      problems.add(".dockerignore must keep **/target and .git out of the build context");
    }
    String pom = repo.read("pom.xml");
    Matcher version =
        Pattern.compile("<artifactId>catalog-platform</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    String projectVersion = version.find() ? version.group(1) : "?";
    BUILT.forEach(
        (service, expected) -> {
          JsonNode node = services(repo).path(service);
          String file = dockerfile(node);
          if (!node.has("build") || !repo.exists(file)) {
            problems.add(service + " is not built from an existing Dockerfile");
            return;
          }
          problems.addAll(
              image(repo, service, file, expected.get(0), expected.get(1), projectVersion, node));
        });
    return problems;
  }

  private static List<String> image(
      Repo repo,
      String service,
      String file,
      String module,
      String mainClass,
      String version,
      JsonNode node) {
    List<String> problems = new ArrayList<>();
    Dockerfile df = Dockerfile.parse(repo.read(file));
    if (!modules(repo).contains(module) || !repo.exists(module + "/pom.xml")) {
      problems.add(file + ": " + module + " is not a module of the reactor");
    }
    if (!df.builds(module)) {
      problems.add(file + ": no build stage runs mvn ... -pl " + module + " -am package");
    }
    String jar = module + "/target/" + module + "-" + version + ".jar";
    Optional<String> jarDest = df.copiedTo(s -> s.endsWith("/" + jar));
    Optional<String> libDest =
        df.copiedTo(s -> s.replaceFirst("/$", "").endsWith("/" + module + "/target/lib"));
    if (jarDest.isEmpty()) {
      problems.add(file + ": the final stage copies no " + jar);
    }
    if (libDest.isEmpty()) {
      problems.add(file + ": the final stage copies no " + module + "/target/lib/");
    }
    List<String> classpath = List.of(df.entrypointArg("-cp").orElse("").split(":"));
    if (jarDest.isPresent()
        && libDest.isPresent()
        && !classpath.containsAll(
            List.of(jarDest.get(), libDest.get().replaceFirst("/$", "") + "/*"))) {
      problems.add(
          file
              + ": ENTRYPOINT classpath "
              + classpath
              + " misses "
              + jarDest.get()
              + " or "
              + libDest.get());
    }
    if (!df.entrypoint().contains(mainClass)) {
      problems.add(file + ": ENTRYPOINT does not run " + mainClass);
    }
    if (!repo.exists(module + "/src/main/java/" + mainClass.replace('.', '/') + ".java")) {
      problems.add(file + ": main class " + mainClass + " has no source in " + module);
    }
    String user = df.finalUser().orElse("root").split(":")[0];
    if (user.equals("root") || user.equals("0")) {
      problems.add(file + ": the final stage runs as root; add a USER");
    }
    ports(node).stream()
        .map(Port::container)
        .filter(p -> !df.exposed().contains(p))
        .forEach(p -> problems.add(file + ": publishes " + p + " but does not EXPOSE it"));
    boolean configCopied = df.copiedTo(s -> s.equals("config/")).isPresent();
    for (JsonNode arg : node.path("command")) {
      if (arg.asText().endsWith(".yml") && (!repo.exists(arg.asText()) || !configCopied)) {
        problems.add(
            file + ": the command's " + arg.asText() + " is not in the repository or not copied");
      }
    }
    return problems;
  }

  // ---- compose reading -----------------------------------------------------------------------

  static JsonNode compose(Repo repo) {
    return yaml(interpolate(repo.read(COMPOSE)));
  }

  static JsonNode services(Repo repo) {
    return compose(repo).path("services");
  }

  /** Compose's variable substitution with an empty environment: every {@code ${X:-d}} is d. */
  static String interpolate(String text) {
    Matcher m = Pattern.compile("\\$\\$|\\$\\{(\\w+)(?::?[-?]([^}]*))?}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = m.group().equals("$$") ? "$" : m.group(2) == null ? "" : m.group(2);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /** Variables a container must set: those without a default, and those defaulting to loopback. */
  static Set<String> variablesContainersMustSet(String config) {
    Set<String> needed = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{(\\w+)(:?-([^}]*))?}").matcher(config);
    while (m.find()) {
      if (m.group(2) == null || m.group(3).matches(".*(127\\.0\\.0\\.1|localhost).*")) {
        needed.add(m.group(1));
      }
    }
    return needed;
  }

  static Map<String, String> env(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = service.path("environment");
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    } else {
      node.forEach(
          kv -> {
            String[] pair = kv.asText().split("=", 2);
            env.put(pair[0], pair.length > 1 ? pair[1] : "");
          });
    }
    return env;
  }

  static Map<String, String> dependsOn(JsonNode service) {
    Map<String, String> deps = new LinkedHashMap<>();
    JsonNode node = service.path("depends_on");
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> deps.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
    } else {
      node.forEach(n -> deps.put(n.asText(), "service_started"));
    }
    return deps;
  }

  static boolean hasHealthcheck(JsonNode service) {
    JsonNode hc = service.path("healthcheck");
    return hc.has("test") && !hc.path("disable").asBoolean(false);
  }

  record Port(int host, int container) {}

  static List<Port> ports(JsonNode service) {
    List<Port> ports = new ArrayList<>();
    for (JsonNode p : service.path("ports")) {
      if (p.isObject()) {
        ports.add(new Port(p.path("published").asInt(-1), p.path("target").asInt()));
      } else {
        String[] parts = p.asText().replaceFirst("/(tcp|udp)$", "").split(":");
        int container = Integer.parseInt(parts[parts.length - 1]);
        ports.add(
            new Port(parts.length > 1 ? Integer.parseInt(parts[parts.length - 2]) : -1, container));
      }
    }
    return ports;
  }

  /** Whether a service accepts connections from other containers on {@code port}. */
  static boolean listensOn(JsonNode service, int port) {
    boolean published = ports(service).stream().anyMatch(p -> p.container() == port);
    boolean exposed = false;
    for (JsonNode e : service.path("expose")) {
      exposed |= e.asText().replaceFirst("/(tcp|udp)$", "").equals(Integer.toString(port));
    }
    return !service.isMissingNode() && (published || exposed);
  }

  record Mount(String source, String target) {
    boolean isBind() {
      return source.startsWith(".") || source.startsWith("/");
    }
  }

  static List<Mount> mounts(JsonNode service) {
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode v : service.path("volumes")) {
      if (v.isObject()) {
        mounts.add(new Mount(v.path("source").asText(), v.path("target").asText()));
      } else {
        String[] parts = v.asText().split(":");
        mounts.add(new Mount(parts[0], parts.length > 1 ? parts[1] : parts[0]));
      }
    }
    return mounts;
  }

  record HostPort(String host, int port) {
    static HostPort parse(String text) {
      String hostPort = text.replaceFirst("/.*$", "");
      int colon = hostPort.lastIndexOf(':');
      return new HostPort(
          hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /** {@code NAME://host:port,...} → name → address. */
  static Map<String, HostPort> listeners(String value) {
    Map<String, HostPort> listeners = new LinkedHashMap<>();
    for (String listener : value.split(",")) {
      int sep = listener.indexOf("://");
      if (sep > 0) {
        listeners.put(
            listener.substring(0, sep).strip(),
            HostPort.parse(listener.substring(sep + 3).strip()));
      }
    }
    return listeners;
  }

  static String buildContext(JsonNode service) {
    JsonNode build = service.path("build");
    return build.isTextual() ? build.asText() : build.path("context").asText(".");
  }

  /** The Dockerfile of a built service, relative to the repository root. */
  static String dockerfile(JsonNode service) {
    String name = service.path("build").path("dockerfile").asText("Dockerfile");
    return Path.of(buildContext(service)).resolve(name).normalize().toString();
  }

  static Optional<String> imageProblem(String image) {
    if (image.contains("@sha256:")) {
      return Optional.empty();
    }
    int colon = image.lastIndexOf(':');
    if (colon < 0 || colon < image.lastIndexOf('/')) {
      return Optional.of("image " + image + " has no tag");
    }
    return image.substring(colon + 1).equals("latest")
        ? Optional.of("image " + image + " uses the latest tag")
        : Optional.empty();
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- Dockerfile reading --------------------------------------------------------------------

  record Instruction(String keyword, String args) {}

  /** A Dockerfile as stages of instructions (continuation lines joined, comments dropped). */
  record Dockerfile(List<List<Instruction>> stages) {
    static Dockerfile parse(String text) {
      List<List<Instruction>> stages = new ArrayList<>();
      for (String line : text.replaceAll("\\\\\\r?\\n", " ").lines().map(String::strip).toList()) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] kv = line.split("\\s+", 2);
        Instruction in =
            new Instruction(kv[0].toUpperCase(Locale.ROOT), kv.length > 1 ? kv[1] : "");
        if (in.keyword().equals("FROM") || stages.isEmpty()) {
          stages.add(new ArrayList<>());
        }
        stages.get(stages.size() - 1).add(in);
      }
      return new Dockerfile(stages);
    }

    List<String> baseImages() {
      Set<String> stageNames = new LinkedHashSet<>();
      List<String> images = new ArrayList<>();
      for (List<Instruction> stage : stages) {
        String[] from = stage.get(0).args().split("\\s+");
        if (!stageNames.contains(from[0]) && !from[0].equals("scratch")) {
          images.add(from[0]);
        }
        if (from.length == 3 && from[1].equalsIgnoreCase("AS")) {
          stageNames.add(from[2]);
        }
      }
      return images;
    }

    boolean builds(String module) {
      return stages.stream()
          .limit(Math.max(0, stages.size() - 1))
          .flatMap(List::stream)
          .filter(i -> i.keyword().equals("RUN"))
          .anyMatch(
              i ->
                  i.args()
                      .matches(".*\\bmvn\\b.*-pl " + Pattern.quote(module) + " -am .*package.*"));
    }

    private List<Instruction> last(String keyword) {
      return stages.isEmpty()
          ? List.of()
          : stages.get(stages.size() - 1).stream()
              .filter(i -> i.keyword().equals(keyword))
              .toList();
    }

    /** The destination the final stage copies a source matching {@code source} to. */
    Optional<String> copiedTo(Predicate<String> source) {
      for (Instruction copy : last("COPY")) {
        List<String> args =
            Stream.of(copy.args().split("\\s+")).filter(a -> !a.startsWith("--")).toList();
        if (args.size() >= 2 && args.subList(0, args.size() - 1).stream().anyMatch(source)) {
          return Optional.of(args.get(args.size() - 1));
        }
      }
      return Optional.empty();
    }

    Optional<String> finalUser() {
      List<Instruction> users = last("USER");
      return users.isEmpty()
          ? Optional.empty()
          : Optional.of(users.get(users.size() - 1).args().strip());
    }

    Set<Integer> exposed() {
      Set<Integer> ports = new TreeSet<>();
      last("EXPOSE")
          .forEach(
              i ->
                  Stream.of(i.args().split("\\s+"))
                      .forEach(
                          p -> ports.add(Integer.parseInt(p.replaceFirst("/(tcp|udp)$", "")))));
      return ports;
    }

    List<String> entrypoint() {
      List<Instruction> entry = last("ENTRYPOINT");
      if (entry.isEmpty()) {
        return List.of();
      }
      try {
        return JSON.readValue(
            entry.get(entry.size() - 1).args(), new TypeReference<List<String>>() {});
      } catch (IOException e) {
        return List.of(entry.get(entry.size() - 1).args().split("\\s+"));
      }
    }

    Optional<String> entrypointArg(String flag) {
      List<String> args = entrypoint();
      int at = args.indexOf(flag);
      return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
    }
  }

  // ---- the repository, with in-memory edits --------------------------------------------------

  /** Files by path relative to the root; {@code edits} replace (or, when empty, delete) some. */
  record Repo(Path root, Map<String, Optional<String>> edits) {
    static Repo at(Path root) {
      return new Repo(root, Map.of());
    }

    private static String key(String path) {
      return Path.of(path).normalize().toString();
    }

    boolean exists(String path) {
      Optional<String> edit = edits.get(key(path));
      return edit != null ? edit.isPresent() : Files.exists(root.resolve(key(path)));
    }

    boolean isDirectory(String path) {
      return Files.isDirectory(root.resolve(key(path)));
    }

    String read(String path) {
      Optional<String> edit = edits.get(key(path));
      if (edit != null) {
        return edit.orElseThrow(() -> new IllegalStateException(path + " was deleted"));
      }
      try {
        return Files.readString(root.resolve(key(path)), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Files named {@code *suffix} directly in {@code dir}, relative to the root. */
    List<String> list(String dir, String suffix) {
      Set<String> files = new TreeSet<>();
      Path folder = root.resolve(key(dir));
      try (Stream<Path> paths = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
        paths.map(p -> root.relativize(p).toString()).forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      files.addAll(edits.keySet());
      return files.stream()
          .filter(f -> f.endsWith(suffix) && Path.of(key(dir)).equals(Path.of(f).getParent()))
          .filter(this::exists)
          .toList();
    }

    Repo with(String path, UnaryOperator<String> change) {
      Map<String, Optional<String>> copy = new HashMap<>(edits);
      copy.put(key(path), Optional.of(change.apply(read(path))));
      return new Repo(root, copy);
    }

    Repo without(String path) {
      Map<String, Optional<String>> copy = new HashMap<>(edits);
      copy.put(key(path), Optional.empty());
      return new Repo(root, copy);
    }

    @Override
    public String toString() {
      return "Repo" + edits.keySet();
    }
  }
}
