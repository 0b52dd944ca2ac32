package io.catalog.cli.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

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
      for (String line : Files.readAllLines(Path.of("/proc/pressure/cpu"))) {
        if (line.startsWith("some ")) {
          return parsePressure(line);
        }
      }
    } catch (Exception e) {
      // No PSI (older kernel, not Linux): the report says "-".
    }
    return Double.NaN;
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
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // Not Linux: the report says "unknown".
    }
    return -1;
  }
}
