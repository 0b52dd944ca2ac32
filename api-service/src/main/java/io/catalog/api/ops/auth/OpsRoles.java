package io.catalog.api.ops.auth;

/** The two roles of the ops endpoints; an admin may also do everything a reader may. */
public final class OpsRoles {
  public static final String ADMIN = "ops-admin";
  public static final String READ = "ops-read";

  private OpsRoles() {}
}
