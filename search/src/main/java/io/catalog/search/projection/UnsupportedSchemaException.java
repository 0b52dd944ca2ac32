package io.catalog.search.projection;

import io.catalog.domain.event.ProductEventUpcaster;

/**
 * A well-formed envelope of a {@code schema_version} this code does not know. Dead-lettered, not
 * guessed at: once a release that reads the version is out, a DLQ replay applies it.
 */
public final class UnsupportedSchemaException extends InvalidEventException {
  private final int schemaVersion;

  /**
   * @param newestKnown the newest version the refusing reader knows; it reads {@link
   *     ProductEventUpcaster#OLDEST} to this one
   */
  public UnsupportedSchemaException(int schemaVersion, int newestKnown) {
    super(
        "unsupported schema_version "
            + schemaVersion
            + " (this reader reads "
            + ProductEventUpcaster.OLDEST
            + " to "
            + newestKnown
            + ")");
    this.schemaVersion = schemaVersion;
  }

  public int schemaVersion() {
    return schemaVersion;
  }
}
