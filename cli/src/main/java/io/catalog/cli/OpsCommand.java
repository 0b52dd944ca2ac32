package io.catalog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * An ops command: it acts on the platform ({@link Platform}) and prints a result for people or,
 * with {@code --json}, for scripts ({@link JsonOutput}). Picocli finds the mixins of a superclass.
 */
abstract class OpsCommand implements Callable<Integer> {
  @Mixin Platform platform;

  @Mixin JsonOutput output;
}
