package io.catalog.search.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import io.catalog.search.testing.Products;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BulkEndpointTest {

  @Test
  void aBodyIsAnActionLineAndADocumentLinePerOperationEvenWhenAFieldHoldsNewlines()
      throws Exception {
    Product lamp = Products.product(UUID.randomUUID(), 7, "Desk\nlamp", "19.90", 3);
    Product chair = Products.product(UUID.randomUUID(), 1, "Chair", "5", 0);
    ProductDocument lampDoc = ProductDocument.fromProduct(lamp);
    ProductDocument chairDoc = ProductDocument.fromProduct(chair);

    BulkEndpoint.Body body =
        new BulkEndpoint.Body()
            .index("p-v1", lampDoc, Instant.EPOCH)
            .index("p-v1", chairDoc, Instant.EPOCH);
    String ndjson = new String(body.toBytes(), StandardCharsets.UTF_8);

    assertThat(body.operations()).isEqualTo(2);
    assertThat(ndjson).endsWith("\n");
    List<String> lines = ndjson.lines().toList();
    assertThat(lines).hasSize(4);
    JsonNode action = Json.mapper().readTree(lines.get(0));
    assertThat(action.toString())
        .isEqualTo(
            "{\"index\":{\"_index\":\"p-v1\",\"_id\":\""
                + lamp.id()
                + "\",\"version\":7,\"version_type\":\"external\"}}");
    assertThat(Json.mapper().readTree(lines.get(1))).isEqualTo(lampDoc.toSource(Instant.EPOCH));
    assertThat(Json.mapper().readTree(lines.get(3))).isEqualTo(chairDoc.toSource(Instant.EPOCH));
  }

  @Test
  void theFilteredAnswerGivesEachItemsStatusAndError() throws Exception {
    byte[] answer =
        ("{\"items\":[{\"index\":{\"status\":201}},"
                + "{\"index\":{\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\","
                + "\"reason\":\"older\"}}}]}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(BulkEndpoint.items(answer, 2))
        .containsExactly(
            new BulkEndpoint.Item(201, null, null),
            new BulkEndpoint.Item(409, "version_conflict_engine_exception", "older"));
  }

  @Test
  void anAnswerWithoutOneItemPerOperationFailsTheRequestAsAWhole() {
    byte[] answer = "{\"items\":[{\"index\":{\"status\":201}}]}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> BulkEndpoint.items(answer, 2))
        .isInstanceOf(IOException.class)
        .hasMessage("the _bulk answer has 1 items for 2 operations");
  }
}
