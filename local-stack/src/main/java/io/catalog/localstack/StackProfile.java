package io.catalog.localstack;

import java.util.Locale;

/**
 * The two local stacks. They differ in ports and data folder, so a developer's {@code dev} stack
 * and the test stack run side by side, and in durability: {@code dev} commits with {@code fsync}
 * and {@code synchronous_commit} on (a developer's data must survive a crash), {@code test} leaves
 * them off for speed.
 */
public enum StackProfile {
  /** The ports of docs/architecture.md ("Ports"); data in {@code <root>/.platform/dev}. */
  DEV(new StackPorts(5432, 9092, 9093, 9200, 9300, 7233, 8233), true),
  /** The same ports plus 10000; data in {@code <root>/.platform/test}. */
  TEST(new StackPorts(15432, 19092, 19093, 19200, 19300, 17233, 18233), false);

  private final StackPorts defaultPorts;
  private final boolean durableCommits;

  StackProfile(StackPorts defaultPorts, boolean durableCommits) {
    this.defaultPorts = defaultPorts;
    this.durableCommits = durableCommits;
  }

  /** Lower-case name, used for folders and on the command line: {@code dev}, {@code test}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public StackPorts defaultPorts() {
    return defaultPorts;
  }

  /** Whether Postgres runs with {@code fsync=on} and {@code synchronous_commit=on}. */
  public boolean durableCommits() {
    return durableCommits;
  }

  /** Parses {@code dev} or {@code test} (any case). */
  public static StackProfile parse(String id) {
    for (StackProfile profile : values()) {
      if (profile.id().equalsIgnoreCase(id.trim())) {
        return profile;
      }
    }
    throw new IllegalArgumentException("unknown profile '" + id + "' (expected dev or test)");
  }
}
