package io.catalog.api;

import io.catalog.domain.http.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The API's error responses: {@link Problem} bodies as {@code application/problem+json}. Resources
 * throw {@link #of}; the exception mappers answer with {@link #response}; {@code ProblemInstance}
 * adds the request's path as {@code instance} to whichever leaves the server.
 */
public final class Problems {
  public static final MediaType MEDIA_TYPE = MediaType.valueOf(Problem.MEDIA_TYPE);

  private Problems() {}

  /**
   * A problem to throw: {@code detail} says what went wrong, {@code field} what to fix (or null).
   */
  public static WebApplicationException of(
      int status, String detail, String field, String message) {
    Problem problem =
        field == null ? Problem.of(status, detail) : Problem.of(status, detail, field, message);
    return new WebApplicationException(response(problem));
  }

  public static Response response(Problem problem) {
    return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
  }
}
