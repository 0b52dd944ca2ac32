package io.catalog.product.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds the error responses resources throw, always with an {@link ErrorBody}. */
final class ApiErrors {
  private ApiErrors() {}

  static WebApplicationException of(int status, String error, String field, String message) {
    return new WebApplicationException(
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(ErrorBody.of(error, field, message))
            .build());
  }
}
