package io.catalog.api.ops.auth;

import io.dropwizard.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Checks a bearer token against the configured ones. Compares SHA-256 digests in constant time, so
 * neither the length nor a common prefix of a token leaks through response times.
 */
public final class OpsAuthenticator implements Authenticator<String, OpsPrincipal> {
  private record Known(byte[] digest, OpsPrincipal principal) {}

  private final List<Known> tokens;

  public OpsAuthenticator(List<OpsToken> tokens) {
    this.tokens =
        tokens.stream()
            .filter(OpsToken::enabled)
            .map(t -> new Known(digest(t.token()), new OpsPrincipal(t.name(), t.role())))
            .toList();
  }

  @Override
  public Optional<OpsPrincipal> authenticate(String credentials) {
    byte[] given = digest(credentials == null ? "" : credentials);
    OpsPrincipal match = null;
    for (Known known : tokens) {
      if (MessageDigest.isEqual(known.digest(), given)) {
        match = known.principal();
      }
    }
    return Optional.ofNullable(match);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
