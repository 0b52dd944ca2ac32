package io.catalog.api.product;

import io.catalog.api.Problems;
import io.catalog.domain.http.Problem;
import io.catalog.domain.product.ProductNotFoundException;
import io.catalog.domain.product.ValidationException;
import io.catalog.domain.product.VersionConflictException;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure leaves the API as a {@link Problem} ({@code application/problem+json}).
 * Dropwizard's default mappers are turned off in the configuration so that these are the only ones;
 * Jetty's own errors (a malformed request line, a suspicious path) are {@code
 * ProblemErrorHandler}'s.
 */
public final class ErrorMappers {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

  /** A restarting Postgres answers within seconds; a client should not hammer it meanwhile. */
  private static final int DATABASE_RETRY_AFTER_SECONDS = 1;

  private ErrorMappers() {}

  public static void register(JerseyEnvironment jersey) {
    // Classes, not lambdas: Jersey reads the exception type from the generic signature.
    jersey.register(new ValidationMapper());
    jersey.register(new NotFoundMapper());
    jersey.register(new ConflictMapper());
    jersey.register(new WebApplicationMapper());
    jersey.register(new UnexpectedMapper());
  }

  static final class ValidationMapper implements ExceptionMapper<ValidationException> {
    @Override
    public Response toResponse(ValidationException e) {
      return Problems.response(Problem.of(e.syntax() ? 400 : 422, e.getMessage(), e.errors()));
    }
  }

  static final class NotFoundMapper implements ExceptionMapper<ProductNotFoundException> {
    @Override
    public Response toResponse(ProductNotFoundException e) {
      return Problems.response(Problem.of(404, e.getMessage(), "id", "no such product"));
    }
  }

  static final class ConflictMapper implements ExceptionMapper<VersionConflictException> {
    @Override
    public Response toResponse(VersionConflictException e) {
      return Problems.response(Problem.of(412, "version mismatch", "If-Match", e.getMessage()));
    }
  }

  /**
   * Jersey's own errors (404 route, 405, 406, 415) and those the resources throw. The response's
   * headers stay: a 405 keeps its {@code Allow}.
   */
  static final class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response response = e.getResponse();
      if (response.hasEntity()) {
        return response;
      }
      int status = response.getStatus();
      Problem problem =
          switch (status) {
            case 415 ->
                Problem.of(
                    status, "unsupported media type", "Content-Type", "must be application/json");
            case 406 ->
                Problem.of(
                    status, "not acceptable", "Accept", "this resource produces application/json");
            case 405 ->
                Problem.of(
                    status,
                    "method not allowed",
                    "method",
                    "allowed: " + String.join(", ", response.getAllowedMethods()));
            case 404 -> Problem.of(status, "no such resource");
            default -> Problem.of(status);
          };
      return Response.fromResponse(response).type(Problems.MEDIA_TYPE).entity(problem).build();
    }
  }

  /**
   * A database outage is the client's cue to retry later: 503 with Retry-After, as /health says.
   * Anything else is our fault: log it with its stack, answer 500 without internals.
   */
  static final class UnexpectedMapper implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      if (DatabaseOutage.isOutage(e)) {
        LOG.warn("database unavailable: {}", e.toString());
        return Response.fromResponse(
                Problems.response(
                    Problem.of(503, "database unavailable", "database", "retry later")))
            .header("Retry-After", DATABASE_RETRY_AFTER_SECONDS)
            .build();
      }
      LOG.error("unhandled error", e);
      return Problems.response(Problem.of(500, "internal error"));
    }
  }
}
