package io.catalog.api.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which dead letters a request selects: {@code {"class":"validation","event_ids":[...],
 * "from":"2026-01-10T00:00:00Z","to":"...","target":"product.events","dry_run":true}}, every field
 * optional. The same classes and fields as {@code platform dlq} and the triage workflow's signals.
 */
record DlqSelection(
    String errorClass,
    List<UUID> eventIds,
    OffsetDateTime from,
    OffsetDateTime to,
    String target,
    boolean dryRun) {

  static final List<String> CLASSES =
      List.of("schema_mismatch", "missing_field", "validation", "malformed", "unknown");
  static final Set<String> STATUSES = Set.of("PARKED", "REPLAYED", "DISCARDED", "SKIPPED");

  static DlqSelection fromBody(JsonNode body, boolean withTarget) {
    return new DlqSelection(
        errorClass(OpsRequests.text(body, "class")),
        OpsRequests.uuids(body, "event_ids"),
        OpsRequests.time(OpsRequests.text(body, "from"), "from"),
        OpsRequests.time(OpsRequests.text(body, "to"), "to"),
        withTarget ? target(OpsRequests.text(body, "target")) : null,
        OpsRequests.bool(body, "dry_run"));
  }

  /** A Kafka topic name, as the document's pattern says. */
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  static String target(String value) {
    if (value != null && !TOPIC.matcher(value).matches()) {
      throw OpsErrors.badRequest(
          "target", "must be a Kafka topic name: 1 to 249 of A-Z a-z 0-9 . _ -");
    }
    return value;
  }

  static String errorClass(String value) {
    if (value == null) {
      return null;
    }
    String c = value;
    if (!CLASSES.contains(c)) {
      throw OpsErrors.badRequest("class", "must be one of " + String.join(", ", CLASSES));
    }
    return c;
  }

  static String status(String value) {
    if (value == null) {
      return null;
    }
    String s = value;
    if (!STATUSES.contains(s)) {
      throw OpsErrors.badRequest("status", "must be one of PARKED, REPLAYED, DISCARDED, SKIPPED");
    }
    return s;
  }

  /** The triage workflow's {@code replay}/{@code discard} signal input (its DlqFilter JSON). */
  Map<String, Object> signalInput(String requestedBy) {
    Map<String, Object> filter = new LinkedHashMap<>();
    if (errorClass != null) {
      filter.put("class", errorClass);
    }
    if (!eventIds.isEmpty()) {
      filter.put("eventIds", eventIds.stream().map(UUID::toString).toList());
    }
    if (from != null) {
      filter.put("from", from.toString());
    }
    if (to != null) {
      filter.put("to", to.toString());
    }
    if (target != null) {
      filter.put("target", target);
    }
    filter.put("requestedBy", requestedBy);
    return filter;
  }

  /** One line for the audit log: only the fields that are set. */
  String describe() {
    Map<String, Object> shown = new LinkedHashMap<>(signalInput(null));
    shown.remove("requestedBy");
    if (dryRun) {
      shown.put("dry_run", true);
    }
    return shown.toString();
  }
}
