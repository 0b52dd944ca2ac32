package io.catalog.workers.commands;

/** A command that can never be applied as it is: it goes to {@code dlq.product.commands}. */
public class InvalidCommandException extends RuntimeException {
  public InvalidCommandException(String message) {
    super(message);
  }
}
