package io.catalog.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.api.ops.auth.OpsAuthenticator;
import io.catalog.api.ops.auth.OpsAuthorizer;
import io.catalog.api.ops.auth.OpsPrincipal;
import io.catalog.api.ops.auth.OpsRoles;
import io.catalog.api.ops.auth.OpsToken;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpsAuthTest {
  static final List<OpsToken> TOKENS =
      List.of(
          new OpsToken("ops-admin", OpsRoles.ADMIN, "admin-token-0123456789"),
          new OpsToken("ops-read", OpsRoles.READ, "read-token-0123456789"),
          new OpsToken("spare", OpsRoles.ADMIN, ""));

  @Test
  void aConfiguredTokenAuthenticatesAsItsNameAndRoleAnythingElseDoesNot() {
    OpsAuthenticator auth = new OpsAuthenticator(TOKENS);

    assertThat(auth.authenticate("admin-token-0123456789"))
        .contains(new OpsPrincipal("ops-admin", OpsRoles.ADMIN));
    assertThat(auth.authenticate("read-token-0123456789"))
        .contains(new OpsPrincipal("ops-read", OpsRoles.READ));
    assertThat(auth.authenticate("admin-token-012345678")).isEmpty();
    // A disabled (empty) token never matches, not even an empty credential.
    assertThat(auth.authenticate("")).isEmpty();
    assertThat(auth.authenticate(null)).isEmpty();
  }

  @Test
  void anAdminMayDoWhatAReaderMayButNotTheOtherWayRound() {
    OpsAuthorizer authorizer = new OpsAuthorizer();
    OpsPrincipal admin = new OpsPrincipal("ops-admin", OpsRoles.ADMIN);
    OpsPrincipal reader = new OpsPrincipal("ops-read", OpsRoles.READ);

    assertThat(authorizer.authorize(admin, OpsRoles.ADMIN, null)).isTrue();
    assertThat(authorizer.authorize(admin, OpsRoles.READ, null)).isTrue();
    assertThat(authorizer.authorize(reader, OpsRoles.READ, null)).isTrue();
    assertThat(authorizer.authorize(reader, OpsRoles.ADMIN, null)).isFalse();
  }

  @Test
  void aShortTokenAnUnsubstitutedVariableOrAnUnknownRoleIsRefusedAtStart() {
    Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    assertThat(validator.validate(TOKENS.get(0))).isEmpty();
    assertThat(validator.validate(TOKENS.get(2))).isEmpty();
    assertThat(validator.validate(new OpsToken("a", OpsRoles.ADMIN, "short"))).hasSize(1);
    assertThat(validator.validate(new OpsToken("a", OpsRoles.ADMIN, "${OPS_ADMIN_TOKEN}")))
        .hasSize(1);
    assertThat(validator.validate(new OpsToken("a", "root", "admin-token-0123456789"))).hasSize(1);
    assertThat(TOKENS.get(0).toString()).doesNotContain("admin-token");
  }

  @Test
  void replayStartPointsAreCheckedBeforeAWorkflowStarts() {
    assertThat(ReplaysResource.from(null)).isEqualTo("earliest");
    assertThat(ReplaysResource.from("0:120,1:98,2:0")).isEqualTo("0:120,1:98,2:0");
    assertThat(ReplaysResource.from("2026-01-10T12:00:00Z")).isEqualTo("2026-01-10T12:00:00Z");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplaysResource.from("yesterday"))
        .isInstanceOf(jakarta.ws.rs.WebApplicationException.class);
  }
}
