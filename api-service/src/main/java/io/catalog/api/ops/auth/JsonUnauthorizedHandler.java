package io.catalog.api.ops.auth;

import io.catalog.api.Problems;
import io.catalog.domain.http.Problem;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** 401 as every other API error: a {@link Problem}, plus the {@code WWW-Authenticate} challenge. */
public final class JsonUnauthorizedHandler implements UnauthorizedHandler {
  @Override
  public Response buildResponse(String prefix, String realm) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
        .type(Problems.MEDIA_TYPE)
        .entity(
            Problem.of(
                401,
                "unauthorized",
                "Authorization",
                "a valid bearer token is required: Authorization: Bearer <token>"))
        .build();
  }
}
