package io.catalog.workflows.dlq;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.catalog.workflows.OperatorInput;
import java.util.List;

/**
 * Which PARKED dead-letter entries a {@code replay} or {@code discard} acts on; every field is
 * optional and an empty filter selects every PARKED entry. As signal input:
 *
 * <pre>{@code
 * temporal workflow signal --workflow-id dlq-triage --name replay --input '{"class":"validation"}'
 * temporal workflow signal --workflow-id dlq-triage --name discard \
 *     --input '{"eventIds":["0190...."],"from":"2026-01-10T00:00:00Z","to":"2026-01-11T00:00:00Z"}'
 * }</pre>
 *
 * @param errorClass JSON {@code class}: {@code schema_mismatch}, {@code missing_field}, {@code
 *     validation}, {@code malformed} or {@code unknown}
 * @param eventIds original event ids (an event that failed twice has two entries; both match)
 * @param from failed at or after this ISO-8601 time
 * @param to failed before this ISO-8601 time
 * @param target replay only: republish here instead of each entry's original topic
 * @param requestedBy who asked (recorded on the entries); filled in by the CLI and the API
 */
@OperatorInput
public record DlqFilter(
    @JsonProperty("class") @JsonAlias({"errorClass", "error_class"}) String errorClass,
    @JsonAlias("event_ids") List<String> eventIds,
    String from,
    String to,
    String target,
    @JsonAlias("requested_by") String requestedBy) {

  public DlqFilter {
    eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
  }

  /** Every PARKED entry. */
  public static DlqFilter all() {
    return new DlqFilter(null, null, null, null, null, null);
  }

  public static DlqFilter ofClass(String errorClass) {
    return new DlqFilter(errorClass, null, null, null, null, null);
  }

  public DlqFilter withTarget(String newTarget) {
    return new DlqFilter(errorClass, eventIds, from, to, newTarget, requestedBy);
  }

  public DlqFilter requestedBy(String who) {
    return new DlqFilter(errorClass, eventIds, from, to, target, who);
  }

  /** One line for logs and audit: only the fields that are set. */
  public String describe() {
    StringBuilder b = new StringBuilder("{");
    append(b, "class", errorClass);
    append(b, "eventIds", eventIds.isEmpty() ? null : String.join(",", eventIds));
    append(b, "from", from);
    append(b, "to", to);
    append(b, "target", target);
    return b.append('}').toString();
  }

  private static void append(StringBuilder b, String name, String value) {
    if (value != null) {
      b.append(b.length() > 1 ? ", " : "").append(name).append('=').append(value);
    }
  }
}
