package io.catalog.product.api;

import io.catalog.product.FieldError;
import java.util.List;

/** Every error response: {@code {"error": "...", "details": [{"field": "...", "message": "..."}]}}. */
public record ErrorBody(String error, List<FieldError> details) {
  public static ErrorBody of(String error) {
    return new ErrorBody(error, List.of());
  }

  public static ErrorBody of(String error, String field, String message) {
    return new ErrorBody(error, List.of(new FieldError(field, message)));
  }
}
