package io.catalog.search.api;

import io.catalog.product.FieldError;
import java.util.List;

/**
 * The API's error body, {@code {"error": "...", "details": [{"field": "...", "message": "..."}]}},
 * restated here so that this module does not depend on api-service.
 */
public record SearchError(String error, List<FieldError> details) {
  public SearchError {
    details = List.copyOf(details);
  }
}
