package io.catalog.api.ops.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalog.api.ApiConfiguration;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import jakarta.validation.Validation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

class DevTokenGuardTest {
  static final List<OpsToken> DEV =
      List.of(
          new OpsToken("ops-admin", OpsRoles.ADMIN, "dev-ops-admin-token"),
          new OpsToken("ops-read", OpsRoles.READ, "dev-ops-read-token"));

  @Test
  void theDevelopmentTokensAreRefusedOnAnyAddressButLoopback() {
    for (String host : Arrays.asList("0.0.0.0", "10.1.2.3", "::", "api.example.com", null)) {
      assertThat(DevTokenGuard.problems(Arrays.asList("127.0.0.1", host), DEV))
          .as("bound to %s", host)
          .hasSize(2)
          .anySatisfy(
              p -> assertThat(p).contains("OPS_ADMIN_TOKEN").contains("dev-ops-admin-token"))
          .anySatisfy(p -> assertThat(p).contains("OPS_READ_TOKEN"));
    }
    assertThat(DevTokenGuard.problems(Arrays.asList((String) null), DEV).get(0))
        .contains("every interface");
  }

  @Test
  void loopbackOrRealTokensStartAsBefore() {
    for (String host :
        List.of("127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1", "LOCALHOST")) {
      assertThat(DevTokenGuard.problems(List.of(host), DEV)).as("bound to %s", host).isEmpty();
    }
    assertThat(
            DevTokenGuard.problems(
                List.of("0.0.0.0"),
                List.of(new OpsToken("ops-admin", OpsRoles.ADMIN, "admin-token-0123456789"))))
        .isEmpty();
    List<OpsToken> oneLeft =
        List.of(new OpsToken("ops-admin", OpsRoles.ADMIN, "a-real-secret-0123456789"), DEV.get(1));
    assertThat(DevTokenGuard.problems(List.of("0.0.0.0"), oneLeft))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("OPS_READ_TOKEN").doesNotContain("OPS_ADMIN_TOKEN"));
  }

  @Test
  void theLocalConfigurationBoundBeyondLoopbackIsRefusedTheProductionOneWithoutTokensIsNot()
      throws Exception {
    ApiConfiguration local = config("../config/api.yml", Map.of());
    assertThatCode(() -> DevTokenGuard.check(local.getServerFactory(), local.getOps()))
        .doesNotThrowAnyException();

    ApiConfiguration exposed = config("../config/api.yml", Map.of("API_BIND_HOST", "0.0.0.0"));
    assertThatThrownBy(() -> DevTokenGuard.check(exposed.getServerFactory(), exposed.getOps()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("refusing to start")
        .hasMessageContaining("OPS_ADMIN_TOKEN")
        .hasMessageContaining("OPS_READ_TOKEN")
        .hasMessageContaining("0.0.0.0");

    ApiConfiguration production = config("../config/api-production.yml", Map.of());
    assertThatCode(() -> DevTokenGuard.check(production.getServerFactory(), production.getOps()))
        .doesNotThrowAnyException();
  }

  /** The file as the API reads it, with {@code env} as the only environment variables. */
  static ApiConfiguration config(String path, Map<String, String> env) throws Exception {
    StringSubstitutor substitutor = new StringSubstitutor(env);
    substitutor.setValueDelimiter(":-");
    substitutor.setEnableUndefinedVariableException(false);
    return new YamlConfigurationFactory<>(
            ApiConfiguration.class,
            Validation.buildDefaultValidatorFactory().getValidator(),
            Jackson.newObjectMapper(),
            "dw")
        .build(
            new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor),
            path);
  }
}
