package io.catalog.api.ops;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line on logger {@code io.catalog.ops.audit} for every mutating ops call, refused ones
 * included:
 *
 * <pre>
 * audit: principal=ops-admin action=dlq.replay filter={class=validation} result=202 accepted, 3 matched
 * audit: principal=ops-read action=POST ops/dlq/replay filter=- result=403 forbidden
 * </pre>
 *
 * Resources describe what they did with {@link #describe}; this filter writes the line once the
 * response status is known.
 */
public final class OpsAudit implements ContainerResponseFilter {
  public static final String LOGGER = "io.catalog.ops.audit";
  private static final Logger audit = LoggerFactory.getLogger(LOGGER);
  private static final String ACTION = OpsAudit.class.getName() + ".action";
  private static final String FILTER = OpsAudit.class.getName() + ".filter";
  private static final String RESULT = OpsAudit.class.getName() + ".result";

  /** Names the action, its filter or input, and its outcome for the audit line. */
  static void describe(
      ContainerRequestContext request, String action, String filter, String result) {
    request.setProperty(ACTION, action);
    request.setProperty(FILTER, filter);
    request.setProperty(RESULT, result);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String path = request.getUriInfo().getPath();
    if (HttpMethod.GET.equals(request.getMethod())
        || !(path.startsWith("ops/") || path.startsWith("/ops/"))) {
      return;
    }
    Object action = request.getProperty(ACTION);
    Object result = request.getProperty(RESULT);
    audit.info(
        "audit: principal={} action={} filter={} result={}",
        principal(request),
        action != null ? action : request.getMethod() + " " + path.replaceFirst("^/", ""),
        request.getProperty(FILTER) != null ? request.getProperty(FILTER) : "-",
        response.getStatus() + " " + (result != null ? result : reason(response.getStatus())));
  }

  /** The name of the token's principal, as the audit line shows it; "anonymous" without one. */
  static String principal(ContainerRequestContext request) {
    Principal principal =
        request.getSecurityContext() == null
            ? null
            : request.getSecurityContext().getUserPrincipal();
    return principal == null ? "anonymous" : principal.getName();
  }

  private static String reason(int status) {
    return switch (status) {
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      default -> status >= 400 ? "failed" : "done";
    };
  }
}
