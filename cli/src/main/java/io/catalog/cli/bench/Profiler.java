package io.catalog.cli.bench;

import com.sun.tools.attach.VirtualMachine;
import io.catalog.cli.bench.ProcessMeter.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import one.profiler.AsyncProfiler;

/**
 * {@code platform bench --profile}: async-profiler CPU samples of the API, the workers and the
 * bench itself during each measured phase (each of W1's open-loop points too). The native library
 * comes from the async-profiler jar on the CLI's class path (Maven Central ships it); it is
 * attached to the two servers through the JDK attach API and loaded into this process directly.
 * Each phase leaves {@code <phase>-<role>.collapsed} (flame-graph input) and {@code
 * <phase>-<role>.txt} (the top frames) in the run's folder; the report gets one line per role.
 */
final class Profiler {
  private static final String OPTIONS = "event=cpu,interval=1ms";
  private static final int TOP = 12;

  private final Path dir;
  private Path library;

  private Profiler(Path dir) {
    this.dir = dir;
  }

  static Profiler off() {
    return new Profiler(null);
  }

  static Profiler into(Path dir) {
    return new Profiler(dir);
  }

  boolean on() {
    return dir != null;
  }

  Path dir() {
    return dir;
  }

  /**
   * Starts sampling the API, the workers and this process; a no-op session when profiling is off.
   */
  Session start(String phase) throws IOException {
    if (!on()) {
      return new Session(phase, Map.of(), false);
    }
    Files.createDirectories(dir);
    Path lib = library();
    Map<Role, Long> pids = new LinkedHashMap<>();
    ProcessMeter.pidsOf(Set.of(Role.API, Role.WORKERS)).forEach((role, pid) -> pids.put(role, pid));
    for (Map.Entry<Role, Long> e : pids.entrySet()) {
      attach(e.getValue(), lib, "start," + OPTIONS);
    }
    AsyncProfiler.getInstance(lib.toString()).execute("start," + OPTIONS);
    return new Session(phase, pids, true);
  }

  final class Session implements AutoCloseable {
    private final String phase;
    private final Map<Role, Long> pids;
    private final boolean running;
    private boolean stopped;

    private Session(String phase, Map<Role, Long> pids, boolean running) {
      this.phase = phase;
      this.pids = pids;
      this.running = running;
    }

    /** Stops sampling and returns one summary line per profiled process (empty when off). */
    List<String> stop() throws IOException {
      if (!running || stopped) {
        return List.of();
      }
      stopped = true;
      List<String> lines = new ArrayList<>();
      Path lib = library();
      for (Map.Entry<Role, Long> e : pids.entrySet()) {
        Path out = dir.resolve(phase + "-" + e.getKey().label() + ".collapsed");
        attach(e.getValue(), lib, "stop,file=" + out + ",collapsed");
        lines.add(summarise(phase, e.getKey().label(), out));
      }
      Path own = dir.resolve(phase + "-bench.collapsed");
      AsyncProfiler.getInstance(lib.toString()).execute("stop,file=" + own + ",collapsed");
      lines.add(summarise(phase, "bench", own));
      return lines;
    }

    @Override
    public void close() throws IOException {
      stop();
    }
  }

  private synchronized Path library() throws IOException {
    if (library == null) {
      String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
      Path target = dir.resolve("libasyncProfiler.so");
      try (InputStream in =
          AsyncProfiler.class.getResourceAsStream("/" + arch + "/libasyncProfiler.so")) {
        if (in == null) {
          throw new IOException(
              "the async-profiler jar on the class path has no " + arch + " library");
        }
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      library = target;
    }
    return library;
  }

  private static void attach(long pid, Path lib, String command) throws IOException {
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
      try {
        vm.loadAgentPath(lib.toString(), command);
      } finally {
        vm.detach();
      }
    } catch (Exception e) {
      throw new IOException(
          "async-profiler '" + command + "' in process " + pid + " failed: " + e, e);
    }
  }

  /** Writes the top frames of a collapsed-stack file beside it and returns the report line. */
  private String summarise(String phase, String role, Path collapsed) throws IOException {
    Summary s = Summary.of(Files.readAllLines(collapsed));
    Path txt = dir.resolve(phase + "-" + role + ".txt");
    Files.writeString(txt, s.render(TOP));
    return String.format(
        Locale.ROOT,
        "%s profile of %s: %d samples; top self %s; top io.catalog %s (%s)",
        phase,
        role,
        s.total(),
        s.topSelf(3),
        s.topOwn(3),
        txt);
  }

  /** Self and inclusive sample counts of a collapsed-stack profile ("frame;frame;frame count"). */
  record Summary(long total, Map<String, Long> self, Map<String, Long> inclusive) {
    static Summary of(List<String> lines) {
      long total = 0;
      Map<String, Long> self = new HashMap<>();
      Map<String, Long> inclusive = new HashMap<>();
      for (String line : lines) {
        int space = line.lastIndexOf(' ');
        if (space <= 0) {
          continue;
        }
        long n = Long.parseLong(line.substring(space + 1).trim());
        String[] frames = line.substring(0, space).split(";");
        total += n;
        self.merge(frames[frames.length - 1], n, Long::sum);
        for (String f : new HashSet<>(List.of(frames))) {
          inclusive.merge(f, n, Long::sum);
        }
      }
      return new Summary(total, self, inclusive);
    }

    String topSelf(int n) {
      return bracketed(top(self, n, f -> true));
    }

    /** The platform's own frames by inclusive time: where in our code the samples fall. */
    String topOwn(int n) {
      return bracketed(top(inclusive, n, Summary::own));
    }

    private static boolean own(String frame) {
      return frame.startsWith("io/catalog/") && !frame.contains("$$Lambda");
    }

    private static String bracketed(List<String> entries) {
      return entries.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    /** "frame share%" of the {@code n} largest counts among the frames {@code keep} accepts. */
    private List<String> top(
        Map<String, Long> counts, int n, java.util.function.Predicate<String> keep) {
      return counts.entrySet().stream()
          .filter(e -> keep.test(e.getKey()))
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(n)
          .map(
              e ->
                  String.format(
                      Locale.ROOT,
                      "%s %.1f%%",
                      e.getKey(),
                      total > 0 ? 100.0 * e.getValue() / total : 0))
          .toList();
    }

    String render(int n) {
      return "samples "
          + total
          + "\n\nself:\n"
          + String.join("\n", top(self, n, f -> true))
          + "\n\ninclusive, io.catalog:\n"
          + String.join("\n", top(inclusive, n, Summary::own))
          + "\n\ninclusive, all:\n"
          + String.join("\n", top(inclusive, n * 3, f -> !f.contains("$$Lambda")))
          + "\n";
    }
  }
}
