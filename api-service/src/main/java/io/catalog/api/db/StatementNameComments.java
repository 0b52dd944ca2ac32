package io.catalog.api.db;

import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.jdbi3.NamePrependingTemplateEngine;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ExtensionMethod;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * What Dropwizard's {@link NamePrependingTemplateEngine} does ({@code /* ProductDao.insert *}{@code
 * /} before a SqlObject's statement, so {@code pg_stat_activity} and the slow-query log name the
 * caller), with the template parsed once per SQL text. Dropwizard's engine only renders, so Jdbi
 * cannot cache its parse: every statement went through the attribute template parser again, 5 % of
 * the API's CPU during W1 (docs/benchmarks.md). Here the wrapped engine's parse is cached by Jdbi
 * as usual and the comment is added to what it renders.
 */
public final class StatementNameComments implements TemplateEngine.Parsing {
  private final TemplateEngine original;

  StatementNameComments(TemplateEngine original) {
    this.original = original;
  }

  /**
   * Replaces the engine {@link JdbiFactory} installed when auto comments are on; leaves any other
   * engine as it is.
   */
  public static Jdbi install(Jdbi jdbi) {
    TemplateEngine engine = jdbi.getConfig(SqlStatements.class).getTemplateEngine();
    if (engine instanceof NamePrependingTemplateEngine) {
      jdbi.setTemplateEngine(new StatementNameComments(new SqlStatements().getTemplateEngine()));
    }
    return jdbi;
  }

  @Override
  public Optional<Function<StatementContext, String>> parse(
      String template, ConfigRegistry config) {
    Function<StatementContext, String> render =
        original.parse(template, config).orElse(ctx -> original.render(template, ctx));
    return Optional.of(ctx -> commented(ctx.getExtensionMethod(), render.apply(ctx)));
  }

  /** {@code sql} itself for a plain statement (the API's writes): nothing to build or copy. */
  private static String commented(ExtensionMethod method, String sql) {
    if (method == null) {
      return sql;
    }
    String type = method.getType().getSimpleName();
    return "/* " + (type.isEmpty() ? "" : type + ".") + method.getMethod().getName() + " */ " + sql;
  }
}
