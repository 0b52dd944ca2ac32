package io.catalog.api.ops.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One bearer token of the ops endpoints (api.yml {@code ops.tokens}). An empty token is disabled:
 * nobody authenticates with it.
 *
 * @param name who the token stands for: the audit line's {@code principal}
 * @param role {@code ops-admin} (everything) or {@code ops-read} (GET only)
 * @param token the secret, from an environment variable; empty, or at least 16 characters
 */
public record OpsToken(
    @JsonProperty("name") @NotEmpty String name,
    @JsonProperty("role") @NotNull @Pattern(regexp = OpsRoles.ADMIN + "|" + OpsRoles.READ)
        String role,
    @JsonProperty("token")
        @NotNull
        @Pattern(
            regexp = "|[^${}\\s]{16,}",
            message = "must be empty or at least 16 characters without ${, } or spaces")
        String token) {

  public boolean enabled() {
    return !token.isEmpty();
  }

  @Override
  public String toString() {
    return "OpsToken[name="
        + name
        + ", role="
        + role
        + ", token="
        + (enabled() ? "***" : "<disabled>")
        + "]";
  }
}
