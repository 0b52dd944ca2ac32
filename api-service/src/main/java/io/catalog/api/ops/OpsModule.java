package io.catalog.api.ops;

import io.catalog.api.ops.auth.JsonUnauthorizedHandler;
import io.catalog.api.ops.auth.OpsAuthenticator;
import io.catalog.api.ops.auth.OpsAuthorizer;
import io.catalog.api.ops.auth.OpsConfiguration;
import io.catalog.api.ops.auth.OpsPrincipal;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.dlq.TriageClient;
import io.catalog.operations.replay.ReplayClient;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.core.setup.Environment;
import io.temporal.client.WorkflowClient;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the ops endpoints: bearer-token authentication on every {@code @RolesAllowed} method (the
 * product API has none, so it stays open), the role check, the audit filter and the resources.
 */
public final class OpsModule {
  private static final Logger log = LoggerFactory.getLogger(OpsModule.class);

  private OpsModule() {}

  public static void register(
      Environment env,
      OpsConfiguration config,
      Jdbi jdbi,
      PlatformNames names,
      WorkflowClient client) {
    config.getTokens().stream()
        .filter(t -> !t.enabled())
        .forEach(
            t ->
                log.warn(
                    "ops token {} ({}) is not set: nobody can authenticate with it",
                    t.name(),
                    t.role()));
    env.jersey()
        .register(
            new AuthDynamicFeature(
                new OAuthCredentialAuthFilter.Builder<OpsPrincipal>()
                    .setAuthenticator(new OpsAuthenticator(config.getTokens()))
                    .setAuthorizer(new OpsAuthorizer())
                    .setPrefix("Bearer")
                    .setRealm("ops")
                    .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                    .buildAuthFilter()));
    env.jersey().register(RolesAllowedDynamicFeature.class);
    env.jersey().register(new AuthValueFactoryProvider.Binder<>(OpsPrincipal.class));
    env.jersey().register(new OpsAudit());

    // Temporal down: the ops calls answer 503 (OpsErrors).
    env.jersey().register(new DlqResource(new DlqEntries(jdbi), new TriageClient(client, names)));
    env.jersey().register(new ReplaysResource(new ReplayClient(client, names)));
    env.jersey().register(new ReplayResource(client, names));
    env.jersey().register(new RebuildsResource(client, names));
  }
}
