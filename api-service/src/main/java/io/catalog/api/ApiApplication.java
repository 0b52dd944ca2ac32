package io.catalog.api;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.catalog.api.db.StatementNameComments;
import io.catalog.api.health.DependencyChecks;
import io.catalog.api.health.HealthResource;
import io.catalog.api.metrics.HttpServerMetrics;
import io.catalog.api.metrics.MetricsResource;
import io.catalog.api.ops.OpsModule;
import io.catalog.api.ops.auth.DevTokenGuard;
import io.catalog.api.product.ErrorMappers;
import io.catalog.api.product.IdempotencyKeyCleanup;
import io.catalog.api.product.OpenApiResource;
import io.catalog.api.product.ProductResource;
import io.catalog.api.product.ProductsResource;
import io.catalog.domain.config.Endpoints;
import io.catalog.domain.db.Database;
import io.catalog.domain.metrics.MetricsExport;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.outbox.OutboxWakeups;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.db.CreateGroupCommit;
import io.catalog.operations.temporal.TemporalConnection;
import io.catalog.search.SearchClients;
import io.catalog.search.api.SearchResource;
import io.catalog.search.query.ProductSearch;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import org.glassfish.jersey.server.ServerProperties;
import org.jdbi.v3.core.Jdbi;

/** Wires the API; no logic lives here. */
public class ApiApplication extends Application<ApiConfiguration> {
  /** Jersey's Content-Length buffer per answer (its default is 8 KB). */
  static final int RESPONSE_BUFFER = 2048;

  public static void main(String[] args) throws Exception {
    new ApiApplication().run(args);
  }

  @Override
  public String getName() {
    return "catalog-api";
  }

  @Override
  public void initialize(Bootstrap<ApiConfiguration> bootstrap) {
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addCommand(new MigrateCommand());
  }

  @Override
  public void run(ApiConfiguration config, Environment env) {
    DevTokenGuard.check(config.getServerFactory(), config.getOps());
    if (config.isMigrateOnStart()) {
      MigrateCommand.migrate(config);
    }
    // Named "database" so the pool's health check is the /health check of that name.
    Jdbi jdbi =
        Database.configure(
            StatementNameComments.install(
                new JdbiFactory().build(env, config.getDatabase(), "database")));
    PlatformNames names = PlatformNames.withPrefix(config.getNamePrefix());
    // Wakes the publishers after each commit; stopped after Jetty, so no request signals past it.
    OutboxWakeups wakeups = new OutboxWakeups(jdbi);
    env.lifecycle().manage(onStop(wakeups));
    env.healthChecks().register("outbox_wakeups", DependencyChecks.of(wakeups::problem));
    ProductService products = new ProductService(jdbi, names, wakeups);
    // Creates per transaction of the group commit = written / transactions (/metrics).
    CreateGroupCommit commits = products.groupCommit();
    env.metrics().gauge("products.create.transactions", () -> (Gauge<Long>) commits::batches);
    env.metrics().gauge("products.create.written", () -> (Gauge<Long>) commits::written);
    // NOTIFYs sent to wake the publishers: one per burst of committed writes, never more.
    env.metrics().gauge("outbox.wakeups.sent", () -> (Gauge<Long>) wakeups::sent);

    Endpoints endpoints = config.endpoints();
    // One connection for the ops endpoints and the health check; it connects lazily, so the API
    // starts while Temporal is down (and /health says so).
    TemporalConnection temporal = TemporalConnection.open(endpoints);
    env.lifecycle().manage(onStop(temporal::close));
    DependencyChecks checks = DependencyChecks.create(endpoints, temporal, env.healthChecks());
    env.lifecycle().manage(checks);

    // Jersey buffers each answer to give it a Content-Length, in 8 KB per request by default: the
    // second largest allocation of a create. A product or a problem fits in 2 KB; a larger answer
    // (a page of a list or a search) goes out chunked, as those over 8 KB did already.
    env.jersey().property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, RESPONSE_BUFFER);
    Duration idempotencyTtl = config.getIdempotencyKeyTtl().toJavaDuration();
    env.jersey().register(new ProductsResource(products, env.getObjectMapper(), idempotencyTtl));
    env.lifecycle().manage(new IdempotencyKeyCleanup(jdbi, idempotencyTtl));
    env.jersey().register(new ProductResource(products));
    ElasticsearchClient elasticsearch = SearchClients.create(endpoints.elasticsearchUrl());
    env.lifecycle().manage(onStop(elasticsearch::close));
    env.jersey().register(new SearchResource(new ProductSearch(elasticsearch, names)));
    env.jersey().register(new HealthResource(env.healthChecks()));
    MetricsExport metrics = MetricsExport.of(env.metrics());
    env.jersey().register(new HttpServerMetrics(metrics.registry()));
    env.jersey().register(new MetricsResource(metrics));
    env.jersey().register(new OpenApiResource());
    OpsModule.register(env, config.getOps(), jdbi, names, temporal.client());
    ErrorMappers.register(env.jersey());
    env.jersey().register(new ProblemInstance());
    ProblemErrorHandler jettyErrors = new ProblemErrorHandler();
    env.getApplicationContext().setErrorHandler(jettyErrors);
    // Jetty refuses some requests before the application sees them: those too answer a Problem.
    env.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(jettyErrors));
  }

  /** A managed object that only stops: closes what the application opened. */
  private static Managed onStop(AutoCloseable resource) {
    return new Managed() {
      @Override
      public void stop() throws Exception {
        resource.close();
      }
    };
  }
}
