package io.catalog.workers;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * Picks the worker process's logback configuration by LOG_FORMAT: {@code text} (one readable line
 * per event) or {@code json} (logback's JsonEncoder, one object per line). The files are named
 * after this module rather than {@code logback.xml}, so that a program using workers as a library
 * keeps its own logging.
 */
final class LoggingSetup {
  private LoggingSetup() {}

  static void apply(String format) {
    URL config = LoggingSetup.class.getResource("logback-" + format + ".xml");
    if (config == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("bad logging configuration " + config, e);
    }
  }
}
