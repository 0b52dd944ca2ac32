package io.catalog.search.api;

import io.catalog.domain.http.Problem;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.query.InvalidSearchParametersException;
import io.catalog.search.query.ProductSearch;
import io.catalog.search.query.SearchPage;
import io.catalog.search.query.SearchParams;
import io.catalog.search.query.SearchQuery;
import io.catalog.search.query.SearchUnavailableException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /products/search}: full text, filters, sorts and {@code search_after} paging over the
 * Elasticsearch read model. It never reads Postgres, so results trail writes by the projection's
 * lag.
 */
@Path("/products/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
  private static final Logger LOG = LoggerFactory.getLogger(SearchResource.class);
  private static final String RETRY_AFTER_SECONDS = "5";

  private final ProductSearch search;

  public SearchResource(ProductSearch search) {
    this.search = search;
  }

  /** Reads the parameters {@link SearchParams#NAMES} (the first value of each) from the URI. */
  @GET
  public SearchPage search(@Context UriInfo uri) {
    SearchQuery query;
    try {
      query = SearchParams.parse(uri.getQueryParameters()::getFirst);
    } catch (InvalidSearchParametersException e) {
      throw error(Problem.of(400, "malformed request", e.errors()));
    }
    try {
      return search.search(query);
    } catch (SearchUnavailableException e) {
      LOG.warn("search unavailable: {}", e.getMessage());
      throw error(
          Problem.of(503, "search unavailable", PlatformNames.SEARCH_ALIAS, e.getMessage()));
    }
  }

  /** The API's error body: a {@link Problem}, 503 with Retry-After. */
  private static WebApplicationException error(Problem problem) {
    Response.ResponseBuilder response =
        Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    if (problem.status() == 503) {
      response.header("Retry-After", RETRY_AFTER_SECONDS);
    }
    return new WebApplicationException(response.build());
  }
}
