package io.catalog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.catalog.domain.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows with named columns, printed as an aligned table for people or as JSON for scripts. */
final class Table {
  private final List<String> columns;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Table(String... columns) {
    this.columns = List.of(columns);
  }

  Table row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("expected " + columns.size() + " values");
    }
    List<String> row = new ArrayList<>();
    for (Object v : values) {
      row.add(v == null ? "" : String.valueOf(v));
    }
    rows.add(row);
    return this;
  }

  /** A line printed under the table for people (not in JSON). */
  Table note(String line) {
    notes.add(line);
    return this;
  }

  void print(PrintWriter out, boolean json) {
    if (json) {
      List<Map<String, String>> objects = new ArrayList<>();
      for (List<String> row : rows) {
        Map<String, String> object = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          object.put(columns.get(i).toLowerCase().replace('-', '_').replace(' ', '_'), row.get(i));
        }
        objects.add(object);
      }
      try {
        out.println(Json.mapper().writeValueAsString(objects));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      int[] widths = new int[columns.size()];
      for (int i = 0; i < widths.length; i++) {
        widths[i] = columns.get(i).length();
        for (List<String> row : rows) {
          widths[i] = Math.max(widths[i], row.get(i).length());
        }
      }
      printRow(out, columns, widths);
      for (List<String> row : rows) {
        printRow(out, row, widths);
      }
      notes.forEach(out::println);
    }
    out.flush();
  }

  private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(
          i == cells.size() - 1
              ? cells.get(i)
              : String.format("%-" + (widths[i] + 2) + "s", cells.get(i)));
    }
    out.println(line.toString().stripTrailing());
  }
}
