package io.catalog.ops;

import io.catalog.product.api.ErrorBody;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** 401 as every other API error: an {@link ErrorBody}, plus the {@code WWW-Authenticate} challenge. */
final class JsonUnauthorizedHandler implements UnauthorizedHandler {
  @Override
  public Response buildResponse(String prefix, String realm) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ErrorBody.of("unauthorized", "Authorization", "a valid bearer token is required: Authorization: Bearer <token>"))
        .build();
  }
}
