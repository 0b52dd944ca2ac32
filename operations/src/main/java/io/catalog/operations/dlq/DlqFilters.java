package io.catalog.operations.dlq;

import io.catalog.domain.dlq.DlqEntryDao.Where;
import io.catalog.domain.dlq.DlqStatus;
import io.catalog.workflows.dlq.DlqFilter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Reads what an operator typed into what {@code dlq_entries} is queried with: a filter and status
 * into a {@link Where}, an entry or event id, and who asked. Every rejection says what was wrong.
 */
final class DlqFilters {
  private DlqFilters() {}

  /** The filter itself, or every entry for none. */
  static DlqFilter orAll(DlqFilter filter) {
    return filter != null ? filter : DlqFilter.all();
  }

  /** Who an action is recorded as done by: the filter's requester, else "unknown". */
  static String actor(DlqFilter f) {
    return f.requestedBy() == null || f.requestedBy().isBlank() ? "unknown" : f.requestedBy();
  }

  static UUID uuid(String text) {
    try {
      return UUID.fromString(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an entry id or an event id (UUID): " + text);
    }
  }

  /** A status as typed (any case), or null for none. */
  static DlqStatus status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    String s = status.strip().toUpperCase(Locale.ROOT);
    for (DlqStatus value : DlqStatus.values()) {
      if (value.name().equals(s)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "status must be one of PARKED, REPLAYED, DISCARDED, SKIPPED; was " + status);
  }

  /**
   * The WHERE clause of a filter (and status, when given); validates and normalises the filter on
   * the way, in this order: class, event ids, from, to (a status typed by hand is read, and
   * checked, by {@link #status(String)} first).
   */
  static Where where(DlqFilter f, DlqStatus status) {
    DlqFilter filter = orAll(f);
    String c = null;
    if (filter.errorClass() != null && !filter.errorClass().isBlank()) {
      c = filter.errorClass().strip().toLowerCase(Locale.ROOT);
      if (!DlqClassifier.CLASSES.contains(c)) {
        throw new IllegalArgumentException(
            "class must be one of "
                + String.join(", ", DlqClassifier.CLASSES)
                + "; was "
                + filter.errorClass());
      }
    }
    List<UUID> eventIds = new ArrayList<>();
    for (String id : filter.eventIds()) {
      try {
        eventIds.add(UUID.fromString(id.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("eventIds: not a UUID: " + id);
      }
    }
    return Where.of(status, c, eventIds, time(filter.from(), "from"), time(filter.to(), "to"));
  }

  private static OffsetDateTime time(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " must be an ISO-8601 time such as 2026-01-10T12:00:00Z; was " + text);
    }
  }
}
