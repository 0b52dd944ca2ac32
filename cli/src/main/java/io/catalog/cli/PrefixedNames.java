package io.catalog.cli;

import java.util.regex.Pattern;

/** A topic or group name as the user typed it, with the platform's name prefix exactly once. */
final class PrefixedNames {
  private PrefixedNames() {}

  static String of(String prefix, String name) {
    return prefix + name.replaceFirst("^" + Pattern.quote(prefix), "");
  }
}
