package io.catalog.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bench run found: facts about the run (machine, durability, versions), one {@link BenchRow}
 * per measurement, the points of the latency curves, and notes. Printed as an aligned table for
 * people, as JSON for scripts; the curve also as CSV for the plot.
 */
public final class BenchReport {
  static final String[] COLUMNS = {
    "WORKLOAD", "MEASURE", "PLATFORM", "BASELINE", "RATIO", "P50-MS", "P99-MS", "LOAD-1M"
  };

  private final Map<String, String> facts = new LinkedHashMap<>();
  private final List<BenchRow> rows = new ArrayList<>();
  private final List<CurvePoint> curve = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  public synchronized BenchReport fact(String name, String value) {
    facts.put(name, value);
    return this;
  }

  public synchronized BenchReport row(BenchRow row) {
    rows.add(row);
    return this;
  }

  public synchronized BenchReport point(CurvePoint point) {
    curve.add(point);
    return this;
  }

  /** A point of a latency curve, which is also a row of the table ({@link BenchRow#latency}). */
  public synchronized BenchReport point(CurvePoint point, String what) {
    return point(point).row(BenchRow.latency(point, what));
  }

  public synchronized BenchReport note(String line) {
    notes.add(line);
    return this;
  }

  /** A workload that could not finish: noted, and the command exits non-zero. */
  public synchronized BenchReport failure(String workload, String reason) {
    failures.add(workload);
    notes.add(workload + " FAILED: " + reason);
    return this;
  }

  public synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  public synchronized List<BenchRow> rows() {
    return List.copyOf(rows);
  }

  public synchronized List<CurvePoint> curve() {
    return List.copyOf(curve);
  }

  static List<String> cells(BenchRow r) {
    return List.of(
        r.workload(),
        r.measure(),
        Formats.figure(r.platform()),
        Formats.figure(r.baseline()),
        Formats.ratio(r.ratio()),
        Formats.figure(r.p50Ms()),
        Formats.figure(r.p99Ms()),
        Formats.figure(r.loadAverage()));
  }

  /** The rows as an aligned table, one line each, header first. */
  public synchronized List<String> tableLines() {
    List<List<String>> all = new ArrayList<>();
    all.add(List.of(COLUMNS));
    rows.forEach(r -> all.add(cells(r)));
    int[] widths = new int[COLUMNS.length];
    for (List<String> line : all) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> line : all) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = line.get(i);
        boolean number = i >= 2;
        String pad = " ".repeat(widths[i] - cell.length());
        b.append(number ? pad + cell : cell + pad).append(i == widths.length - 1 ? "" : "  ");
      }
      lines.add(b.toString().stripTrailing());
    }
    return lines;
  }

  public synchronized void print(PrintWriter out, boolean json) {
    if (json) {
      out.println(Json.write(toJson()));
    } else {
      facts.forEach((k, v) -> out.println(k + ": " + v));
      out.println();
      tableLines().forEach(out::println);
      if (!notes.isEmpty()) {
        out.println();
        notes.forEach(n -> out.println("- " + n));
      }
    }
    out.flush();
  }

  synchronized ObjectNode toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode f = root.putObject("run");
    facts.forEach(f::put);
    ArrayNode results = root.putArray("results");
    for (BenchRow r : rows) {
      ObjectNode o = results.addObject();
      o.put("workload", r.workload());
      o.put("measure", r.measure());
      number(o, "platform", r.platform());
      number(o, "baseline", r.baseline());
      number(o, "ratio", r.ratio());
      number(o, "p50_ms", r.p50Ms());
      number(o, "p99_ms", r.p99Ms());
      number(o, "load_avg", r.loadAverage());
    }
    ArrayNode points = root.putArray("curve");
    for (CurvePoint p : curve) {
      ObjectNode o = points.addObject();
      o.put("workload", p.workload());
      number(o, "offered_per_s", p.offeredPerSecond());
      number(o, "achieved_per_s", p.achievedPerSecond());
      number(o, "p50_ms", p.p50Ms());
      number(o, "p99_ms", p.p99Ms());
      o.put("samples", p.samples());
      number(o, "load_avg", p.loadAverage());
    }
    ArrayNode n = root.putArray("notes");
    notes.forEach(n::add);
    ArrayNode failed = root.putArray("failures");
    failures.forEach(failed::add);
    return root;
  }

  private static void number(ObjectNode o, String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      o.putNull(name);
    } else {
      o.put(name, Math.round(value * 1000) / 1000.0);
    }
  }

  public synchronized String curveCsv() {
    StringBuilder b = new StringBuilder(CurvePoint.CSV_HEADER).append('\n');
    curve.forEach(p -> b.append(p.csvLine()).append('\n'));
    return b.toString();
  }

  public void writeCurveCsv(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, curveCsv(), StandardCharsets.UTF_8);
  }
}
