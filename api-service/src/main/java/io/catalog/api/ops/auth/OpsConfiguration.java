package io.catalog.api.ops.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * api.yml {@code ops}: the bearer tokens of {@code /ops/...}.
 *
 * <pre>{@code
 * ops:
 *   tokens:
 *     - {name: ops-admin, role: ops-admin, token: ${OPS_ADMIN_TOKEN:-dev-ops-admin-token}}
 *     - {name: ops-read,  role: ops-read,  token: ${OPS_READ_TOKEN:-dev-ops-read-token}}
 * }</pre>
 */
public class OpsConfiguration {
  @Valid @NotNull private List<OpsToken> tokens = List.of();

  @JsonProperty
  public List<OpsToken> getTokens() {
    return tokens;
  }

  @JsonProperty
  public void setTokens(List<OpsToken> tokens) {
    this.tokens = List.copyOf(tokens);
  }
}
