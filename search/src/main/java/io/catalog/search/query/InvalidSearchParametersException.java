package io.catalog.search.query;

import io.catalog.domain.product.FieldError;
import java.util.List;

/** One or more query parameters are wrong; each {@link FieldError} names the parameter. */
public final class InvalidSearchParametersException extends RuntimeException {
  private final List<FieldError> errors;

  public InvalidSearchParametersException(List<FieldError> errors) {
    super("invalid search parameters: " + errors);
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
