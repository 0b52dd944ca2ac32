package io.catalog.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@link PostgresServer} runs from: the classpath of {@link PostgresServerMain} (the jars of
 * this module's build, {@code target/stack-lib}, or those the running JVM loaded), copied next to
 * the server so that {@code mvn clean} cannot pull it from under it.
 */
final class PostgresTools {
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

  PostgresTools(StackConfig config) {
    this.config = config;
  }

  /**
   * Copies the classpath of {@link PostgresServerMain} into {@code libDir} and returns it as a
   * {@code -cp} value: {@code target/stack-lib} (what Maven resolved for this module) when it was
   * built, else the jars the running JVM loaded the same classes from; plus this module's own
   * classes. Call only while that server is down.
   */
  String classpath(Path libDir) throws IOException {
    Set<Path> jars = new LinkedHashSet<>();
    Path stackLib = config.moduleDir().resolve("target/stack-lib");
    if (!ToolFiles.jarNames(stackLib).isEmpty()) {
      try (Stream<Path> files = Files.list(stackLib)) {
        files.filter(ToolFiles::isJar).sorted().forEach(jars::add);
      }
    } else {
      jars.addAll(runningJvmJars());
    }
    Files.createDirectories(libDir);
    Set<String> keep = new HashSet<>();
    List<String> classpath = new ArrayList<>();
    Path own = codeSource(PostgresTools.class.getProtectionDomain().getCodeSource().getLocation());
    Path ownCopy =
        libDir.resolve(Files.isDirectory(own) ? "local-stack-classes" : "local-stack.jar");
    ToolFiles.deleteTree(ownCopy);
    ToolFiles.copyTree(own, ownCopy);
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
        ToolFiles.deleteTree(path);
      }
    }
    return String.join(File.pathSeparator, classpath);
  }

  private static Set<Path> runningJvmJars() {
    Set<Path> jars = new LinkedHashSet<>();
    ClassLoader loader = PostgresTools.class.getClassLoader();
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
}
