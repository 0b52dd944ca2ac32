package io.catalog.cli;

/** Turns an exception into the one-line reason a CLI user reads. */
final class ErrorMessages {
  private ErrorMessages() {}

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() != null ? e.getMessage() : root.toString();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + ": " + root.getMessage();
    }
    return message.replaceAll("\\s+", " ").strip();
  }
}
