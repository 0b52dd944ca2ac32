package io.catalog.cli;

import io.catalog.localstack.StackConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command on one local stack: {@code up}, {@code down} and {@code status} act on the developer's
 * single-node stack or, with {@code --cluster}, on the cluster stack ({@link StackChoice}).
 */
abstract class StackCommand implements Callable<Integer> {
  @Mixin StackChoice which;

  @Override
  public final Integer call() throws Exception {
    return run(which.config());
  }

  /** Does the command's work on the chosen stack's settings; returns the exit code. */
  abstract int run(StackConfig config) throws Exception;
}
