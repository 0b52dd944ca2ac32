package io.catalog.api.product;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalog.api.Problems;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductRequestParser;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.ProductView;
import io.catalog.domain.product.WriteContext;
import io.catalog.domain.product.db.IdempotencyDao;
import io.catalog.domain.product.db.ProductDao;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@code /products}: create (optionally idempotent) and keyset-paged listing. */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductsResource {
  static final int MAX_LIMIT = 500;
  private static final int MAX_KEY = 255;

  private final ProductService products;
  private final ObjectMapper mapper;
  private final long idempotencyTtlSeconds;

  /**
   * @param idempotencyTtl how long a key replays its response; after that it is a new key
   */
  public ProductsResource(ProductService products, ObjectMapper mapper, Duration idempotencyTtl) {
    this.products = products;
    this.mapper = mapper;
    this.idempotencyTtlSeconds = idempotencyTtl.toSeconds();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      InputStream in,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @HeaderParam("X-Correlation-Id") String correlationId) {
    byte[] body = RequestBodies.read(in);
    ProductDraft draft = ProductRequestParser.parse(body);
    WriteContext ctx = new WriteContext(RequestBodies.correlationId(correlationId), null);
    if (idempotencyKey == null) {
      return created(products.create(draft, ctx));
    }
    if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY) {
      throw Problems.of(
          400, "malformed request", "Idempotency-Key", "must be 1 to " + MAX_KEY + " characters");
    }
    String hash = sha256(body);
    return products
        .jdbi()
        .inTransaction(
            h -> {
              IdempotencyDao keys = h.attach(IdempotencyDao.class);
              if (keys.claim(idempotencyKey, hash, idempotencyTtlSeconds) == 1) {
                Product product = products.create(h, draft, ctx);
                keys.complete(
                    idempotencyKey,
                    new IdempotencyDao.StoredResponse(
                        hash, 201, json(ProductView.of(product)), product.id()));
                return created(product);
              }
              IdempotencyDao.StoredResponse stored = keys.find(idempotencyKey).orElseThrow();
              if (!stored.requestHash().equals(hash)) {
                throw Problems.of(
                    422,
                    "idempotency key reused",
                    "Idempotency-Key",
                    "was already used with a different request body");
              }
              if (ProductDao.on(h).find(stored.resourceId()).filter(p -> !p.deleted()).isEmpty()) {
                // Replaying the 201 would point at what is gone: say so instead.
                throw Problems.of(
                    410,
                    "created resource gone",
                    "Idempotency-Key",
                    "created product " + stored.resourceId() + ", which has since been deleted");
              }
              return Response.status(stored.responseStatus())
                  .type(MediaType.APPLICATION_JSON_TYPE)
                  .location(URI.create("/products/" + stored.resourceId()))
                  .header("Idempotent-Replayed", "true")
                  .entity(stored.responseBody())
                  .build();
            });
  }

  @GET
  public Map<String, Object> list(
      @QueryParam("limit") String limitParam, @QueryParam("cursor") String cursor) {
    int limit = limit(limitParam);
    UUID after = cursor == null ? null : decodeCursor(cursor);
    List<Product> page = products.jdbi().withHandle(h -> ProductDao.on(h).page(after, limit + 1));
    boolean more = page.size() > limit;
    List<Product> items = more ? page.subList(0, limit) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items.stream().map(ProductView::of).toList());
    body.put("next_cursor", more ? encodeCursor(items.get(items.size() - 1).id()) : null);
    return body;
  }

  private Response created(Product product) {
    return Response.created(URI.create("/products/" + product.id()))
        .tag(new EntityTag(Long.toString(product.version())))
        .entity(ProductView.of(product))
        .build();
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int limit(String value) {
    if (value == null) {
      return 50;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw Problems.of(
          400, "malformed request", "limit", "must be an integer from 1 to " + MAX_LIMIT);
    }
  }

  static String encodeCursor(UUID id) {
    ByteBuffer b =
        ByteBuffer.allocate(16)
            .putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /**
   * 16 bytes in unpadded base64url: what {@link #encodeCursor} writes and the document's pattern
   * says.
   */
  private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{21}[AQgw]");

  static UUID decodeCursor(String cursor) {
    if (!CURSOR.matcher(cursor).matches()) {
      throw Problems.of(400, "malformed request", "cursor", "is not a cursor this API returned");
    }
    // 22 base64url characters whose last one carries no stray bits: always 16 bytes.
    ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor));
    return new UUID(b.getLong(), b.getLong());
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
