package io.catalog.search.projection;

/** What became of one event in a bulk write, and so what the consumer does with it. */
public enum WriteOutcome {
  /** Written. Commit. */
  OK,
  /** The index already holds this version or a newer one: a replay or a late event. Commit. */
  VERSION_CONFLICT,
  /**
   * Can never succeed (invalid event, or the mapping rejects the document). Dead-letter, then
   * commit.
   */
  PERMANENT,
  /**
   * May succeed later (overload, node or connection trouble, alias missing). Retry, do not commit.
   */
  TRANSIENT;

  /** Whether the event needs nothing more from the consumer. */
  public boolean applied() {
    return this == OK || this == VERSION_CONFLICT;
  }

  /**
   * Sorts one bulk item's answer. Any 2xx is written; 409 with a version conflict is a newer state
   * already present; 429, 408, 5xx, {@code es_rejected_execution_exception} and a missing index or
   * alias (404) are worth retrying; every other 4xx is the document's own fault.
   */
  public static WriteOutcome classify(int status, String errorType) {
    if (status >= 200 && status < 300) {
      return OK;
    }
    if (status == 409 && "version_conflict_engine_exception".equals(errorType)) {
      return VERSION_CONFLICT;
    }
    if (status == 429
        || status == 408
        || status >= 500
        || status == 404
        || status == 409
        || "es_rejected_execution_exception".equals(errorType)
        || "circuit_breaking_exception".equals(errorType)) {
      return TRANSIENT;
    }
    return status >= 400 ? PERMANENT : TRANSIENT;
  }
}
