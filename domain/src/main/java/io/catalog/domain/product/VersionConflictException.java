package io.catalog.domain.product;

/** The client's expected version is not the current one (HTTP 412). */
public class VersionConflictException extends RuntimeException {
  private final long currentVersion;

  public VersionConflictException(long expected, long current) {
    super("expected version " + expected + " but the product is at version " + current);
    this.currentVersion = current;
  }

  public long currentVersion() {
    return currentVersion;
  }
}
