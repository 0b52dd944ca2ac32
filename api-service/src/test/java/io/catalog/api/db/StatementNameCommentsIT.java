package io.catalog.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.db.Database;
import io.catalog.localstack.LocalStack;
import io.catalog.testkit.TestDatabase;
import io.dropwizard.jdbi3.NamePrependingTemplateEngine;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API's statements keep Dropwizard's caller comments, and their templates parse once. */
class StatementNameCommentsIT {
  private static TestDatabase db;

  /** {@code current_query()} is the text the server received, comment included. */
  public interface Probe {
    @SqlQuery("SELECT current_query() AS <word>")
    String sent(@Define("word") String word);
  }

  @BeforeAll
  static void start() {
    db = TestDatabase.create(LocalStack.shared().endpoints());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static Jdbi asDropwizardBuildsIt() {
    var endpoints = LocalStack.shared().endpoints();
    Jdbi jdbi =
        Database.configure(Jdbi.create(db.jdbcUrl(), endpoints.dbUser(), endpoints.dbPassword()));
    TemplateEngine original = jdbi.getConfig(SqlStatements.class).getTemplateEngine();
    jdbi.setTemplateEngine(new NamePrependingTemplateEngine(original));
    return jdbi;
  }

  @Test
  void aSqlObjectStatementIsSentWithItsCallerAndItsDefinesRendered() {
    Jdbi jdbi = StatementNameComments.install(asDropwizardBuildsIt());

    String sent = jdbi.withExtension(Probe.class, p -> p.sent("defined"));

    assertThat(sent).isEqualTo("/* Probe.sent */ SELECT current_query() AS defined");
  }

  @Test
  void aPlainStatementIsSentAsWritten() {
    Jdbi jdbi = StatementNameComments.install(asDropwizardBuildsIt());

    String sent =
        jdbi.withHandle(h -> h.createQuery("SELECT current_query()").mapTo(String.class).one());

    assertThat(sent).isEqualTo("SELECT current_query()");
  }

  @Test
  void theTemplateIsParsedOnceForJdbiToCacheNotOnEveryStatement() {
    Jdbi jdbi = asDropwizardBuildsIt();
    var config = jdbi.getConfig();
    String sql = "SELECT 1 WHERE <cond>";
    assertThat(jdbi.getConfig(SqlStatements.class).getTemplateEngine().parse(sql, config))
        .as("Dropwizard's own engine")
        .isEmpty();

    StatementNameComments.install(jdbi);

    assertThat(jdbi.getConfig(SqlStatements.class).getTemplateEngine().parse(sql, config))
        .isPresent();
  }
}
