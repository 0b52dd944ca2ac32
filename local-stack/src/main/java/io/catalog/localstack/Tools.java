package io.catalog.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, and installs into {@code <root>/.platform/tools} on first use, what the servers run from:
 * the Elasticsearch distribution, the Kafka jars, the Temporal CLI, a JDK 21+ for Elasticsearch and
 * the classpath of {@link PostgresServerMain}.
 *
 * <p>The jars and the zip come from this module's build ({@code local-stack/target/kafka-lib},
 * {@code target/stack-lib}, {@code target/es-dist}). They are copied out of {@code target/} because
 * {@code mvn clean} must not pull the files from under a running server.
 */
final class Tools {

  private static final Logger LOG = LoggerFactory.getLogger(Tools.class);
  private static final Properties VERSIONS = loadVersions();
  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
  private static final Path JVM_DIR = Path.of("/usr/lib/jvm");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
  private static final Object INSTALL_LOCK = new Object();

  /**
   * Classes (and one resource) whose jars {@link PostgresServerMain} needs, if stack-lib is
   * missing.
   */
  private static final List<String> POSTGRES_CLASSES =
      List.of(
          "io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
          "org.postgresql.Driver",
          "org.apache.commons.lang3.SystemUtils",
          "org.apache.commons.compress.archivers.tar.TarArchiveInputStream",
          "org.apache.commons.io.IOUtils",
          "org.apache.commons.codec.binary.Hex",
          "org.tukaani.xz.XZInputStream",
          "org.slf4j.LoggerFactory",
          "ch.qos.logback.classic.Logger",
          "ch.qos.logback.core.Appender");

  private static final String POSTGRES_BINARIES = "postgres-linux-x86_64.txz";

  private final StackConfig config;

  Tools(StackConfig config) {
    this.config = config;
  }

  static String version(String key) {
    String value = VERSIONS.getProperty(key);
    if (value == null || value.startsWith("${")) {
      throw new IllegalStateException("versions.properties lacks " + key + "; rebuild local-stack");
    }
    return value;
  }

  /** The java launcher of the running JVM (Java 17+), used for Kafka and PostgresServerMain. */
  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  // ---------------------------------------------------------------- Elasticsearch

  /** {@code .platform/tools/elasticsearch-<version>}, unpacked from the zip on first use. */
  Path elasticsearchHome() throws IOException {
    String version = version("elasticsearch.version");
    Path home = config.toolsDir().resolve("elasticsearch-" + version);
    if (Files.isExecutable(home.resolve("bin/elasticsearch"))) {
      return home;
    }
    Path zip = elasticsearchZip(version);
    LOG.info("unpacking {} into {}", zip, config.toolsDir());
    Files.createDirectories(config.toolsDir());
    Path scratch = Files.createTempDirectory(config.toolsDir(), ".unpack-es-");
    try {
      unzip(zip, scratch);
      Path unpacked = scratch.resolve("elasticsearch-" + version);
      try (Stream<Path> bin = Files.list(unpacked.resolve("bin"))) {
        bin.forEach(file -> file.toFile().setExecutable(true, false));
      }
      try {
        Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        LOG.debug("{} was unpacked concurrently", home);
      }
    } finally {
      deleteTree(scratch);
    }
    return home;
  }

  private Path elasticsearchZip(String version) {
    String file = "elasticsearch-" + version + ".zip";
    List<Path> candidates =
        List.of(
            config.moduleDir().resolve("target/es-dist").resolve(file),
            mavenRepository()
                .resolve("org/elasticsearch/distribution/integ-test-zip/elasticsearch")
                .resolve(version)
                .resolve(file));
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () ->
                new LocalStackException(
                    "Elasticsearch distribution not found at "
                        + candidates
                        + "; build it with: mvn -pl local-stack -am package -DskipTests"));
  }

  private static Path mavenRepository() {
    String local = System.getProperty("maven.repo.local");
    return local != null
        ? Path.of(local)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /**
   * The JDK Elasticsearch runs on (the integ-test zip bundles none and needs 21+): {@code
   * ES_JAVA_HOME}, else the newest Temurin 21+ under /usr/lib/jvm, else any JDK 21+ there, else the
   * running JVM if it is 21+.
   */
  static Path elasticsearchJavaHome() {
    String configured = StackConfig.systemSetting("ES_JAVA_HOME");
    if (configured != null && Files.isExecutable(Path.of(configured, "bin", "java"))) {
      return Path.of(configured);
    }
    List<Path> jdks = new ArrayList<>();
    if (Files.isDirectory(JVM_DIR)) {
      try (Stream<Path> dirs = Files.list(JVM_DIR)) {
        dirs.filter(dir -> !Files.isSymbolicLink(dir))
            .filter(dir -> javaMajor(dir) >= 21 && Files.isExecutable(dir.resolve("bin/java")))
            .forEach(jdks::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Comparator<Path> preference =
        Comparator.<Path, Boolean>comparing(dir -> dir.getFileName().toString().contains("temurin"))
            .thenComparingInt(Tools::javaMajor);
    Optional<Path> best = jdks.stream().max(preference);
    if (best.isPresent()) {
      return best.get();
    }
    if (Runtime.version().feature() >= 21) {
      return Path.of(System.getProperty("java.home"));
    }
    throw new LocalStackException(
        "Elasticsearch needs Java 21 or newer: set ES_JAVA_HOME or install a JDK 21+ under "
            + JVM_DIR);
  }

  private static int javaMajor(Path jdk) {
    try {
      Matcher matcher = JAVA_VERSION.matcher(Files.readString(jdk.resolve("release")));
      return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  // ---------------------------------------------------------------- Kafka

  /**
   * {@code .platform/tools/kafka-<version>/libs}, refreshed from {@code target/kafka-lib} when the
   * build's jar set differs. Replacing a jar unlinks the old file, so a broker of the other profile
   * that runs from here keeps its open copies.
   */
  Path kafkaLibs() throws IOException {
    String version = version("kafka.version");
    String brokerJar = "kafka_2.13-" + version + ".jar";
    Path libs = config.toolsDir().resolve("kafka-" + version).resolve("libs");
    Path built = config.moduleDir().resolve("target/kafka-lib");
    if (Files.isRegularFile(built.resolve(brokerJar)) && !jarNames(built).equals(jarNames(libs))) {
      LOG.info("installing Kafka {} jars into {}", version, libs);
      mirror(built, libs);
    }
    if (!Files.isRegularFile(libs.resolve(brokerJar))) {
      throw new LocalStackException(
          "Kafka jars not found in "
              + built
              + " nor "
              + libs
              + "; build them with: mvn -pl local-stack -am package -DskipTests");
    }
    return libs;
  }

  // ---------------------------------------------------------------- Temporal

  /**
   * The {@code temporal} CLI: {@code TEMPORAL_CLI}, {@code .platform/tools/bin/temporal}, or the
   * PATH. When none is there, runs {@code scripts/install-tools.sh} once and looks again.
   */
  Path temporalCli() {
    Optional<Path> found = findTemporalCli();
    if (found.isPresent()) {
      return found.get();
    }
    Path script = config.root().resolve("scripts/install-tools.sh");
    if (Files.isRegularFile(script)) {
      synchronized (INSTALL_LOCK) {
        found = findTemporalCli();
        if (found.isPresent()) {
          return found.get();
        }
        LOG.info("temporal CLI missing; running {}", script);
        Processes.Result result =
            Processes.run(List.of("bash", script.toString()), INSTALL_TIMEOUT);
        if (!result.ok()) {
          throw new LocalStackException(script + " failed: " + lastLine(result.output()));
        }
      }
      found = findTemporalCli();
    }
    return found.orElseThrow(
        () ->
            new LocalStackException(
                "temporal CLI not found (TEMPORAL_CLI, "
                    + config.toolsDir().resolve("bin")
                    + ", PATH);"
                    + " install it with: bash scripts/install-tools.sh"));
  }

  private Optional<Path> findTemporalCli() {
    List<Path> candidates = new ArrayList<>();
    String configured = StackConfig.systemSetting("TEMPORAL_CLI");
    if (configured != null) {
      candidates.add(Path.of(configured));
    }
    candidates.add(config.toolsDir().resolve("bin/temporal"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "temporal"));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  // ---------------------------------------------------------------- Postgres launcher

  /**
   * Copies the classpath of {@link PostgresServerMain} into {@code libDir} and returns it as a
   * {@code -cp} value: {@code target/stack-lib} (what Maven resolved for this module) when it was
   * built, else the jars the running JVM loaded the same classes from; plus this module's own
   * classes. Call only while that server is down.
   */
  String postgresClasspath(Path libDir) throws IOException {
    Set<Path> jars = new LinkedHashSet<>();
    Path stackLib = config.moduleDir().resolve("target/stack-lib");
    if (!jarNames(stackLib).isEmpty()) {
      try (Stream<Path> files = Files.list(stackLib)) {
        files.filter(Tools::isJar).sorted().forEach(jars::add);
      }
    } else {
      jars.addAll(runningJvmJarsForPostgres());
    }
    Files.createDirectories(libDir);
    Set<String> keep = new HashSet<>();
    List<String> classpath = new ArrayList<>();
    Path own = codeSource(Tools.class.getProtectionDomain().getCodeSource().getLocation());
    Path ownCopy =
        libDir.resolve(Files.isDirectory(own) ? "local-stack-classes" : "local-stack.jar");
    deleteTree(ownCopy);
    copyTree(own, ownCopy);
    keep.add(ownCopy.getFileName().toString());
    classpath.add(ownCopy.toString());
    for (Path jar : jars) {
      Path copy = libDir.resolve(jar.getFileName());
      if (!Files.exists(copy)
          || Files.size(copy) != Files.size(jar)
          || !Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
        Files.copy(
            jar, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      }
      keep.add(copy.getFileName().toString());
      classpath.add(copy.toString());
    }
    try (Stream<Path> stale = Files.list(libDir)) {
      for (Path path : stale.filter(p -> !keep.contains(p.getFileName().toString())).toList()) {
        deleteTree(path);
      }
    }
    return String.join(File.pathSeparator, classpath);
  }

  private static Set<Path> runningJvmJarsForPostgres() {
    Set<Path> jars = new LinkedHashSet<>();
    ClassLoader loader = Tools.class.getClassLoader();
    for (String name : POSTGRES_CLASSES) {
      URL resource = loader.getResource(name.replace('.', '/') + ".class");
      if (resource != null) {
        jars.add(jarOf(resource));
      }
    }
    URL binaries = loader.getResource(POSTGRES_BINARIES);
    if (binaries == null) {
      throw new LocalStackException(
          POSTGRES_BINARIES
              + " is not on the classpath and target/stack-lib is missing;"
              + " build it with: mvn -pl local-stack -am package -DskipTests");
    }
    jars.add(jarOf(binaries));
    return jars;
  }

  private static Path jarOf(URL resource) {
    String url = resource.toString();
    if (!url.startsWith("jar:")) {
      throw new IllegalStateException("not in a jar: " + url);
    }
    try {
      return codeSource(new URL(url.substring(4, url.indexOf("!/"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path codeSource(URL location) {
    try {
      return Path.of(location.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- files

  private static boolean isJar(Path path) {
    return path.getFileName().toString().endsWith(".jar") && Files.isRegularFile(path);
  }

  private static Set<String> jarNames(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Tools::isJar)
          .map(p -> p.getFileName().toString())
          .collect(Collectors.toSet());
    }
  }

  private static void mirror(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    Set<String> wanted = jarNames(from);
    for (String name : wanted) {
      Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    for (String name : jarNames(to)) {
      if (!wanted.contains(name)) {
        Files.delete(to.resolve(name));
      }
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("zip entry outside its folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = file.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }

  private static Properties loadVersions() {
    Properties properties = new Properties();
    try (InputStream in = Tools.class.getResourceAsStream("versions.properties")) {
      if (in != null) {
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
