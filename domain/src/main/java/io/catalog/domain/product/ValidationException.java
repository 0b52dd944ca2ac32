package io.catalog.domain.product;

import java.util.List;

/**
 * Input that cannot become a product change. {@code syntax} marks malformed or wrongly typed input
 * (HTTP 400); otherwise the input is well-formed but breaks a rule (HTTP 422).
 */
public class ValidationException extends RuntimeException {
  private final List<FieldError> errors;
  private final boolean syntax;

  public ValidationException(String message, List<FieldError> errors, boolean syntax) {
    super(message);
    this.errors = List.copyOf(errors);
    this.syntax = syntax;
  }

  public static ValidationException syntax(String field, String message) {
    return new ValidationException(
        "malformed request", List.of(new FieldError(field, message)), true);
  }

  public List<FieldError> errors() {
    return errors;
  }

  public boolean syntax() {
    return syntax;
  }
}
