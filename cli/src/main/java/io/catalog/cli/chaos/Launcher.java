package io.catalog.cli.chaos;

import java.io.IOException;
import java.util.Map;

/** Starts one of the platform's own processes ({@code api} or {@code workers}) as a child JVM. */
@FunctionalInterface
public interface Launcher {
  Process start(String app, Map<String, String> env) throws IOException;
}
