package io.catalog.domain.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.catalog.domain.product.FieldError;
import java.util.List;
import java.util.Locale;

/**
 * Every error the HTTP API answers, as RFC 9457 problem details ({@code application/problem+json};
 * docs/architecture.md, "REST API choices"):
 *
 * <pre>{@code
 * {"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"validation failed",
 *  "instance":"/products","errors":[{"field":"price","message":"must have at most 2 decimal places"}]}
 * }</pre>
 *
 * {@code type} is {@code about:blank}, so {@code title} is the status's reason phrase and {@code
 * status} says what kind of problem it is; {@code detail} says what went wrong in this request and
 * the {@code errors} extension names each field (a body property, a query parameter, a header) and
 * what is wrong with it. It is empty when no one field is to blame.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {
  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String ABOUT_BLANK = "about:blank";

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** A problem whose status says it all: the detail is the reason phrase, in lower case. */
  public static Problem of(int status) {
    return of(status, title(status).toLowerCase(Locale.ROOT));
  }

  public static Problem of(int status, String detail) {
    return of(status, detail, List.of());
  }

  public static Problem of(int status, String detail, String field, String message) {
    return of(status, detail, List.of(new FieldError(field, message)));
  }

  public static Problem of(int status, String detail, List<FieldError> errors) {
    return new Problem(ABOUT_BLANK, title(status), status, detail, null, errors);
  }

  /** The same problem, about the request at {@code path} (a URI reference). */
  public Problem at(String path) {
    return new Problem(type, title, status, detail, path, errors);
  }

  /** RFC 9110's reason phrase of the statuses the API answers. */
  public static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 411 -> "Length Required";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 428 -> "Precondition Required";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> "HTTP " + status;
    };
  }
}
