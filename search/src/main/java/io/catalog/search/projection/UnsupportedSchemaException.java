package io.catalog.search.projection;

/**
 * A well-formed envelope of a {@code schema_version} this code does not know. Dead-lettered, not
 * guessed at: once a release that reads the version is out, a DLQ replay applies it.
 */
public final class UnsupportedSchemaException extends InvalidEventException {
  private final int schemaVersion;

  public UnsupportedSchemaException(int schemaVersion) {
    super("unsupported schema_version " + schemaVersion + " (this projection reads 1)");
    this.schemaVersion = schemaVersion;
  }

  public int schemaVersion() {
    return schemaVersion;
  }
}
