package io.catalog.workflows.reconcile;

/** Differences found, one count per {@link DriftClass}. */
public record DriftCounts(
    long missing, long extra, long deletedButVisible, long staleVersion, long fieldMismatch) {

  public static final DriftCounts NONE = new DriftCounts(0, 0, 0, 0, 0);

  public static DriftCounts of(DriftClass drift) {
    return NONE.plus(drift, 1);
  }

  public DriftCounts plus(DriftClass drift, long n) {
    return new DriftCounts(
        missing + (drift == DriftClass.MISSING ? n : 0),
        extra + (drift == DriftClass.EXTRA ? n : 0),
        deletedButVisible + (drift == DriftClass.DELETED_BUT_VISIBLE ? n : 0),
        staleVersion + (drift == DriftClass.STALE_VERSION ? n : 0),
        fieldMismatch + (drift == DriftClass.FIELD_MISMATCH ? n : 0));
  }

  public DriftCounts plus(DriftCounts other) {
    return new DriftCounts(
        missing + other.missing,
        extra + other.extra,
        deletedButVisible + other.deletedButVisible,
        staleVersion + other.staleVersion,
        fieldMismatch + other.fieldMismatch);
  }

  public long get(DriftClass drift) {
    return switch (drift) {
      case MISSING -> missing;
      case EXTRA -> extra;
      case DELETED_BUT_VISIBLE -> deletedButVisible;
      case STALE_VERSION -> staleVersion;
      case FIELD_MISMATCH -> fieldMismatch;
    };
  }

  public long total() {
    return missing + extra + deletedButVisible + staleVersion + fieldMismatch;
  }

  /** {@code "missing 3, extra 1"}, only the classes found; {@code "none"} without drift. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (DriftClass drift : DriftClass.values()) {
      if (get(drift) > 0) {
        text.append(text.length() == 0 ? "" : ", ").append(drift.wireName()).append(' ');
        text.append(get(drift));
      }
    }
    return text.length() == 0 ? "none" : text.toString();
  }
}
