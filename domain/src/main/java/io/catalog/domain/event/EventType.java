package io.catalog.domain.event;

/**
 * The product event types (docs/architecture.md, "Event envelope"); the wire name is what goes into
 * the envelope.
 */
public enum EventType {
  CREATED("product.created"),
  UPDATED("product.updated"),
  DELETED("product.deleted");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
