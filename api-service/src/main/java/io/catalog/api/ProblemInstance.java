package io.catalog.api;

import io.catalog.domain.http.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Every {@link Problem} that leaves the API names the request it is about ({@code instance}, the
 * path) and goes out as {@code application/problem+json}, whoever built it.
 */
@Provider
public final class ProblemInstance implements ContainerResponseFilter {
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getEntity() instanceof Problem problem) {
      Problem located =
          problem.instance() != null
              ? problem
              : problem.at(request.getUriInfo().getRequestUri().getRawPath());
      response.setEntity(located, response.getEntityAnnotations(), Problems.MEDIA_TYPE);
    }
  }
}
