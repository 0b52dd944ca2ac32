package io.catalog.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link ElasticsearchServer} runs from: the distribution, unpacked into {@code
 * .platform/tools} from the integ-test zip of this module's build ({@code target/es-dist}) or the
 * local Maven repository, and a JDK 21+ to run it on.
 */
final class ElasticsearchTools {
  private static final Logger LOG = LoggerFactory.getLogger(Tools.class);
  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
  private static final Path JVM_DIR = Path.of("/usr/lib/jvm");

  private ElasticsearchTools() {}

  /**
   * {@code .platform/tools/elasticsearch-<version>}, unpacked from the zip on first use. One call
   * at a time: the cluster profile's nodes start in parallel and would each unpack the same zip.
   */
  static synchronized Path home(StackConfig config) throws IOException {
    String version = Tools.version("elasticsearch.version");
    Path home = config.toolsDir().resolve("elasticsearch-" + version);
    if (Files.isExecutable(home.resolve("bin/elasticsearch"))) {
      return home;
    }
    Path zip = zip(config, version);
    LOG.info("unpacking {} into {}", zip, config.toolsDir());
    Files.createDirectories(config.toolsDir());
    Path scratch = Files.createTempDirectory(config.toolsDir(), ".unpack-es-");
    try {
      ToolFiles.unzip(zip, scratch);
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
      ToolFiles.deleteTree(scratch);
    }
    return home;
  }

  private static Path zip(StackConfig config, String version) {
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
  static Path javaHome() {
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
            .thenComparingInt(ElasticsearchTools::javaMajor);
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
}
