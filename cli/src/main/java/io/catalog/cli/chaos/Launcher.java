package io.catalog.cli.chaos;

import java.io.IOException;
import java.util.Map;

/**
 * Starts one of the platform's own processes ({@code api} or {@code workers}) as a child JVM; the
 * instance name ({@code api}, {@code api-2}, ...) names its log and pid files.
 */
@FunctionalInterface
public interface Launcher {
  Process start(String app, String instance, Map<String, String> env) throws IOException;
}
