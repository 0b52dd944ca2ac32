package io.catalog.workers.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.db.SqlStates;
import io.catalog.domain.ids.Uuids;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductNotFoundException;
import io.catalog.domain.product.ProductRequestParser;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.ValidationException;
import io.catalog.domain.product.VersionConflictException;
import io.catalog.domain.product.WriteContext;
import io.catalog.workers.kafka.BatchHandler;
import io.catalog.workers.kafka.Decision;
import java.io.IOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The write-side consumer's handler ({@code product.commands}). Each command runs in one
 * transaction that records its {@code command_id} in {@code processed_commands} and makes the
 * change through {@link ProductService} — the same validation and outbox write as the REST API — so
 * a command delivered twice changes the product once and emits one event. A command that cannot be
 * applied (invalid, unknown product, stale version, or one Postgres rejects with a data error,
 * SQLSTATE class 22 or 23, such as a stock adjustment overflowing int4) is poison, with its reason;
 * anything else is transient and retried (docs/architecture.md, "Consumers").
 *
 * <pre>{"command_id":"…","command_type":"CreateProduct|UpdateProduct|DeleteProduct|AdjustStock",
 *  "product_id":"…","expected_version":3,"product":{…same body as POST /products…},"delta":-2}
 * </pre>
 */
public final class ProductCommandHandler implements BatchHandler {
  private static final Logger log = LoggerFactory.getLogger(ProductCommandHandler.class);

  private final ProductService products;

  public ProductCommandHandler(ProductService products) {
    this.products = products;
  }

  @Override
  public Decision handle(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<Integer, Decision.Poison> poison = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      try {
        apply(records.get(i).value());
      } catch (ValidationException e) {
        poison.put(
            i, new Decision.Poison(e.getClass().getName(), e.getMessage() + ": " + fields(e)));
      } catch (InvalidCommandException | ProductNotFoundException | VersionConflictException e) {
        poison.put(i, Decision.Poison.of(e));
      } catch (RuntimeException e) {
        SQLException dataError = SqlStates.dataError(e);
        if (dataError == null) {
          // Transient (connection lost, timeout, 40001/40P01): this record and the rest of the
          // batch are tried again; the ones before it are committed with it, deduplicated anyway.
          log.warn(
              "command at offset {} failed, retrying: {}", records.get(i).offset(), e.toString());
          return new Decision(range(i, records.size()), poison);
        }
        poison.put(
            i,
            new Decision.Poison(
                dataError.getClass().getName(),
                "SQLSTATE " + dataError.getSQLState() + ": " + dataError.getMessage()));
      }
    }
    return new Decision(List.of(), poison);
  }

  private static List<Integer> range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).boxed().toList();
  }

  private static String fields(ValidationException e) {
    return e.errors().stream()
        .map(f -> f.field() + " " + f.message())
        .collect(java.util.stream.Collectors.joining("; "));
  }

  /** Applies one command; false when it was applied before (a duplicate delivery). */
  boolean apply(byte[] value) {
    JsonNode command = parse(value);
    UUID commandId = uuid(command, "command_id");
    String type = text(command, "command_type");
    MDC.put("command_id", commandId.toString());
    try {
      return products
          .jdbi()
          .inTransaction(
              h -> {
                int fresh =
                    h.createUpdate(
                            "INSERT INTO processed_commands (command_id, command_type) VALUES (:id, :type)"
                                + " ON CONFLICT (command_id) DO NOTHING")
                        .bind("id", commandId)
                        .bind("type", type)
                        .execute();
                if (fresh == 0) {
                  log.info("command {} ({}) already applied; skipped", commandId, type);
                  return false;
                }
                Product product = execute(h, type, command, new WriteContext(null, commandId));
                h.createUpdate(
                        "UPDATE processed_commands SET aggregate_id = :aggregate WHERE command_id = :id")
                    .bind("aggregate", product.id())
                    .bind("id", commandId)
                    .execute();
                return true;
              });
    } finally {
      MDC.remove("command_id");
    }
  }

  private Product execute(Handle h, String type, JsonNode command, WriteContext ctx) {
    return switch (type) {
      case "CreateProduct" ->
          products.create(h, ProductRequestParser.parse(productBody(command)), ctx);
      case "UpdateProduct" ->
          products.update(
              h,
              uuid(command, "product_id"),
              version(command, true),
              ProductRequestParser.parse(productBody(command)),
              ctx);
      case "DeleteProduct" -> {
        long expected = version(command, false);
        yield products.delete(h, uuid(command, "product_id"), expected == 0 ? null : expected, ctx);
      }
      case "AdjustStock" -> {
        JsonNode delta = command.get("delta");
        if (delta == null || !delta.isIntegralNumber() || !delta.canConvertToInt()) {
          throw new InvalidCommandException("delta must be an integer");
        }
        yield products.adjustStock(h, uuid(command, "product_id"), delta.intValue(), ctx);
      }
      default -> throw new InvalidCommandException("unknown command_type " + type);
    };
  }

  private static JsonNode parse(byte[] value) {
    try {
      JsonNode node = value == null ? null : Json.mapper().readTree(value);
      if (node == null || !node.isObject()) {
        throw new InvalidCommandException("command must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new InvalidCommandException("malformed JSON: " + e.getMessage());
    }
  }

  private static byte[] productBody(JsonNode command) {
    JsonNode product = command.get("product");
    if (product == null || !product.isObject()) {
      throw new InvalidCommandException("product must be an object");
    }
    return Json.write(product).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long version(JsonNode command, boolean required) {
    JsonNode v = command.get("expected_version");
    if (v == null || v.isNull()) {
      if (required) {
        throw new InvalidCommandException("expected_version is required");
      }
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1) {
      throw new InvalidCommandException("expected_version must be a positive integer");
    }
    return v.longValue();
  }

  private static String text(JsonNode command, String field) {
    JsonNode v = command.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidCommandException(field + " is required");
    }
    return v.textValue();
  }

  private static UUID uuid(JsonNode command, String field) {
    try {
      return Uuids.parse(text(command, field));
    } catch (IllegalArgumentException e) {
      throw new InvalidCommandException(field + " is not a UUID");
    }
  }
}
