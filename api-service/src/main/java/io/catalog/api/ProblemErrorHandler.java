package io.catalog.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.catalog.domain.http.Problem;
import io.catalog.domain.json.Json;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors as {@link Problem}s: a request Jetty refuses before any resource sees it (a
 * suspicious path character, an ambiguous URI, a header too large, a malformed request line)
 * answers {@code application/problem+json} like every other error of the API, not Jetty's HTML
 * page. Installed on the server and on the application's context.
 */
public final class ProblemErrorHandler extends ErrorHandler {
  /** Every method gets its problem: Jetty's default answers PUT or DELETE with an empty body. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    Problem problem = problem(code, message).at(path(request));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.write(true, ByteBuffer.wrap(json(problem)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    return ByteBuffer.wrap(json(problem(status, reason)));
  }

  /** Jetty's message ("Suspicious Path Character") as the detail; the reason phrase without one. */
  private static Problem problem(int code, String message) {
    return message == null || message.isBlank()
        ? Problem.of(code)
        : Problem.of(code, message.toLowerCase(Locale.ROOT));
  }

  private static String path(Request request) {
    try {
      return request.getHttpURI().getPath();
    } catch (RuntimeException e) {
      return null; // the path itself is what Jetty refused
    }
  }

  private static byte[] json(Problem problem) {
    try {
      return Json.mapper().writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
