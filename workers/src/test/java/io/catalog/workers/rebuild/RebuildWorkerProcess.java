package io.catalog.workers.rebuild;

import io.catalog.workers.WorkersConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/** {@link RebuildWorkerMain} in a child JVM on the test classpath; output in target/NAME.log. */
final class RebuildWorkerProcess implements AutoCloseable {
  private final Process process;
  final Path log;

  private RebuildWorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static RebuildWorkerProcess start(WorkersConfig config, String name) throws IOException {
    Path log = Path.of("target", name + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx384m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    classpath(),
                    RebuildWorkerMain.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(config.toEnv());
    return new RebuildWorkerProcess(builder.start(), log);
  }

  /**
   * This JVM's classpath, spelled out. Failsafe runs tests from a manifest-only booter jar and puts
   * this module's packaged jar on it; the child gets {@code target/classes} instead, so a
   * concurrent build repackaging that jar cannot pull classes from under a worker starting
   * mid-test.
   */
  static String classpath() throws IOException {
    String own = System.getProperty("java.class.path");
    if (own.contains(File.pathSeparator) || !own.contains("surefirebooter")) {
      return own;
    }
    Path target = Path.of("target").toAbsolutePath();
    List<String> entries = new ArrayList<>();
    try (JarFile booter = new JarFile(own)) {
      String manifestPath = booter.getManifest().getMainAttributes().getValue("Class-Path");
      for (String url : manifestPath.trim().split("\\s+")) {
        Path entry =
            Path.of(Path.of(own).toAbsolutePath().getParent().toUri().resolve(url)).normalize();
        boolean ownJar =
            entry.getParent() != null
                && entry.getParent().equals(target)
                && entry.toString().endsWith(".jar");
        entries.add(ownJar ? target.resolve("classes").toString() : entry.toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, like a crashed host: no shutdown hook, no goodbye to Temporal. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
