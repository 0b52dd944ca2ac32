package io.catalog.domain.product;

import java.util.UUID;

/**
 * Who caused a write: {@code correlationId} ties a chain of events to one request, {@code
 * causationId} names the command that caused it (null for plain API calls).
 */
public record WriteContext(UUID correlationId, UUID causationId) {
  public static WriteContext none() {
    return new WriteContext(null, null);
  }
}
