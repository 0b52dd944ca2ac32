package io.catalog.api.ops.auth;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/** {@code ops-admin} may do everything; {@code ops-read} only what is allowed to readers. */
public final class OpsAuthorizer implements Authorizer<OpsPrincipal> {
  @Override
  public boolean authorize(OpsPrincipal principal, String role, ContainerRequestContext request) {
    return principal.role().equals(role) || OpsRoles.ADMIN.equals(principal.role());
  }
}
