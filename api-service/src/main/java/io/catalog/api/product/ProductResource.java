package io.catalog.api.product;

import io.catalog.api.Problems;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductNotFoundException;
import io.catalog.domain.product.ProductRequestParser;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.ProductView;
import io.catalog.domain.product.WriteContext;
import io.catalog.domain.product.db.ProductDao;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;

/** {@code /products/{id}}: read, optimistic full update with If-Match, soft delete. */
// Not "search": PUT /products/search is a method that path lacks (405 with Allow: GET), not a
// product id that is not a UUID.
@Path("/products/{id: (?!search$)[^/]+}")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {
  private final ProductService products;

  public ProductResource(ProductService products) {
    this.products = products;
  }

  @GET
  public Response get(@PathParam("id") String idParam) {
    UUID id = RequestBodies.uuid(idParam, "id");
    Product product =
        products
            .jdbi()
            .withHandle(h -> ProductDao.on(h).find(id))
            .filter(p -> !p.deleted())
            .orElseThrow(() -> new ProductNotFoundException(id));
    return ok(product);
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @PathParam("id") String idParam,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam("X-Correlation-Id") String correlationId,
      InputStream in) {
    UUID id = RequestBodies.uuid(idParam, "id");
    Long expected = RequestBodies.version(ifMatch);
    if (expected == null) {
      throw Problems.of(
          428,
          "precondition required",
          "If-Match",
          "send the version you read, e.g. If-Match: \"1\"");
    }
    ProductDraft draft = ProductRequestParser.parse(RequestBodies.read(in));
    WriteContext ctx = new WriteContext(RequestBodies.correlationId(correlationId), null);
    return ok(products.update(id, expected, draft, ctx));
  }

  @DELETE
  // 204 has no body: any Accept will do (a generated client asks for its error type only).
  @Produces(MediaType.WILDCARD)
  public Response delete(
      @PathParam("id") String idParam,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam("X-Correlation-Id") String correlationId) {
    UUID id = RequestBodies.uuid(idParam, "id");
    Long expected = RequestBodies.version(ifMatch);
    products.delete(
        id, expected, new WriteContext(RequestBodies.correlationId(correlationId), null));
    return Response.noContent().build();
  }

  private static Response ok(Product product) {
    return Response.ok(ProductView.of(product))
        .tag(new EntityTag(Long.toString(product.version())))
        .build();
  }
}
