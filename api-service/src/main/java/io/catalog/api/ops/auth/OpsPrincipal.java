package io.catalog.api.ops.auth;

import java.security.Principal;

/** Who called an ops endpoint: the token's name and its role. */
public record OpsPrincipal(String name, String role) implements Principal {
  @Override
  public String getName() {
    return name;
  }
}
