package io.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import org.junit.jupiter.api.Test;

class MigrateCommandTest {
  /**
   * The Helm chart's migration Job runs the API image with {@code migrate <config>}
   * (deploy/helm/catalog/templates/migration-job.yaml): without the command that Job would fail.
   */
  @Test
  void theApiImageCanRunTheMigrationsAlone() {
    ApiApplication application = new ApiApplication();
    Bootstrap<ApiConfiguration> bootstrap = new Bootstrap<>(application);
    application.initialize(bootstrap);
    assertThat(bootstrap.getCommands()).extracting(Command::getName).contains("migrate");
  }
}
