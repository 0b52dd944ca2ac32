package io.catalog.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.util.Optional;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An error answer from Elasticsearch, whichever way the client reports it: 4xx answers arrive as
 * {@link ElasticsearchException}, but the Rest5 transport throws 5xx answers as a low-level {@link
 * ResponseException} (an {@link IOException}) with the error JSON still in its body.
 *
 * @param status the HTTP status
 * @param type Elasticsearch's error type, e.g. {@code resource_already_exists_exception}; may be
 *     null
 * @param reason the error's reason, or the exception message
 */
public record EsFailure(int status, String type, String reason) {

  /** Empty when {@code e} is no answer from Elasticsearch (connection refused, timeout, ...). */
  public static Optional<EsFailure> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ElasticsearchException ee) {
        return Optional.of(
            ee.error() == null
                ? new EsFailure(ee.status(), null, ee.getMessage())
                : new EsFailure(ee.status(), ee.error().type(), ee.error().reason()));
      }
      if (t instanceof ResponseException re) {
        return Optional.of(fromBody(re));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code e} is an answer from Elasticsearch with error type {@code errorType}. */
  public static boolean isType(Throwable e, String errorType) {
    return of(e).map(f -> f.is(errorType)).orElse(false);
  }

  public boolean is(String errorType) {
    return errorType.equals(type);
  }

  private static EsFailure fromBody(ResponseException re) {
    int status = re.getResponse().getStatusCode();
    try {
      var entity = re.getResponse().getEntity();
      JsonNode error =
          entity == null
              ? null
              : Json.mapper().readTree(EntityUtils.toString(entity)).path("error");
      if (error != null && error.isObject()) {
        return new EsFailure(
            status, error.path("type").asText(null), error.path("reason").asText(null));
      }
      if (error != null && error.isTextual()) {
        return new EsFailure(status, null, error.asText());
      }
    } catch (IOException | ParseException | RuntimeException e) {
      // Not the JSON error body we expect: the status alone still classifies it.
    }
    return new EsFailure(status, null, re.getMessage());
  }
}
