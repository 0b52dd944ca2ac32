package io.catalog.cli;

import io.catalog.workflows.dlq.DlqFilter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** A picocli mixin: the options replay and discard share with list, which entries. */
final class DlqSelection {
  @Option(names = "--class", description = "Error class, e.g. validation.")
  String errorClass;

  @Option(names = "--event-id", description = "Original event id; repeat for several.")
  List<String> eventIds = new ArrayList<>();

  @Option(names = "--from", description = "Failed at or after this ISO-8601 time.")
  String from;

  @Option(names = "--to", description = "Failed before this ISO-8601 time.")
  String to;

  DlqFilter filter(String target) {
    return new DlqFilter(
        errorClass,
        eventIds,
        from,
        to,
        target,
        "cli:" + System.getProperty("user.name", "unknown"));
  }
}
