package io.catalog.api.ops;

import com.fasterxml.jackson.annotation.JsonValue;
import io.catalog.domain.dlq.DlqEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One dead-letter entry as {@code GET /ops/dlq} lists it: the fields of a {@link DlqEntry} in the
 * same order, without the dead-letter topic position, record key, row timestamps, value and
 * headers, and without the ones that are null. The list below is the API's response contract, kept
 * apart so that a field added to the entry does not appear in the API by itself.
 */
public record DlqEntryView(DlqEntry entry) {

  long id() {
    return entry.id();
  }

  @JsonValue
  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", entry.id());
    json.put("event_id", entry.eventId());
    json.put("error_class", entry.errorClass());
    json.put("status", entry.status());
    json.put("attempts", entry.attempts());
    json.put("exception_class", entry.exceptionClass());
    json.put("exception_message", entry.exceptionMessage());
    json.put("original_topic", entry.originalTopic());
    json.put("original_partition", entry.originalPartition());
    json.put("original_offset", entry.originalOffset());
    json.put("failed_at", entry.failedAt());
    json.put("resolved_at", entry.resolvedAt());
    json.put("resolved_by", entry.resolvedBy());
    json.put("replayed_to", entry.replayedTo());
    json.put("resolution", entry.resolution());
    json.values().removeIf(Objects::isNull);
    return json;
  }
}
