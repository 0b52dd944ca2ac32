package io.catalog.product.api;

import io.catalog.product.ProductNotFoundException;
import io.catalog.product.ValidationException;
import io.catalog.product.VersionConflictException;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure leaves the API as {@link ErrorBody} JSON. Dropwizard's default mappers are turned
 * off in the configuration so that these are the only ones.
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

  static Response json(int status, ErrorBody body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  static final class ValidationMapper implements ExceptionMapper<ValidationException> {
    @Override
    public Response toResponse(ValidationException e) {
      return json(e.syntax() ? 400 : 422, new ErrorBody(e.getMessage(), e.errors()));
    }
  }

  static final class NotFoundMapper implements ExceptionMapper<ProductNotFoundException> {
    @Override
    public Response toResponse(ProductNotFoundException e) {
      return json(404, ErrorBody.of(e.getMessage(), "id", "no such product"));
    }
  }

  static final class ConflictMapper implements ExceptionMapper<VersionConflictException> {
    @Override
    public Response toResponse(VersionConflictException e) {
      return json(412, ErrorBody.of("version mismatch", "If-Match", e.getMessage()));
    }
  }

  /** Jersey's own errors (404 route, 405, 406, 415) and those the resources throw. */
  static final class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response response = e.getResponse();
      if (response.hasEntity()) {
        return response;
      }
      int status = response.getStatus();
      String reason = response.getStatusInfo().getReasonPhrase().toLowerCase(Locale.ROOT);
      ErrorBody body =
          switch (status) {
            case 415 -> ErrorBody.of(reason, "Content-Type", "must be application/json");
            case 406 -> ErrorBody.of(reason, "Accept", "this resource produces application/json");
            default -> ErrorBody.of(reason);
          };
      return json(status, body);
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
        return Response.fromResponse(json(503, ErrorBody.of("database unavailable", "database", "retry later")))
            .header("Retry-After", DATABASE_RETRY_AFTER_SECONDS)
            .build();
      }
      LOG.error("unhandled error", e);
      return json(500, ErrorBody.of("internal error"));
    }
  }
}
