package io.catalog.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a reader needs next to a number: how busy the machine was when it was measured. */
public final class Machine {
  private Machine() {}

  /** The 1-minute load average, as {@code uptime} prints it (-1 where the OS does not tell). */
  public static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Share of the last minute in which some runnable task waited for a CPU ({@code
   * /proc/pressure/cpu}, "some avg60"), in percent; NaN where the kernel does not report it. Unlike
   * the load average it does not count tasks waiting for the disk, so it tells CPU contention apart
   * from fsync waits.
   */
  public static double cpuPressure() {
    try {
      return firstLine("/proc/pressure/cpu", "some ")
          .map(Machine::parsePressure)
          .orElse(Double.NaN);
    } catch (Exception e) {
      // No PSI (older kernel, not Linux): the report says "-".
      return Double.NaN;
    }
  }

  static double parsePressure(String someLine) {
    for (String field : someLine.split(" ")) {
      if (field.startsWith("avg60=")) {
        return Double.parseDouble(field.substring("avg60=".length()));
      }
    }
    return Double.NaN;
  }

  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Total memory in MiB from {@code /proc/meminfo}; -1 when it cannot be read. */
  public static long memoryMib() {
    try {
      return firstLine("/proc/meminfo", "MemTotal:")
          .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
          .orElse(-1L);
    } catch (Exception e) {
      // Not Linux: the report says "unknown".
      return -1;
    }
  }

  /** The first line of {@code file} that starts with {@code prefix}. */
  private static Optional<String> firstLine(String file, String prefix) throws IOException {
    return Files.readAllLines(Path.of(file)).stream()
        .filter(line -> line.startsWith(prefix))
        .findFirst();
  }
}
