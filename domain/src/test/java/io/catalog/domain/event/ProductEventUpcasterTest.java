package io.catalog.domain.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProductEventUpcasterTest {
  private static final String V1 =
      "{\"id\":\"0192a8f0-0000-7000-8000-000000000001\","
          + "\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Desk lamp\","
          + "\"price\":19.90,\"currency\":\"USD\",\"stock\":3,\"version\":2,"
          + "\"created_at\":\"2026-01-10T12:01:45.123Z\",\"updated_at\":\"2026-01-10T12:02:00.000Z\","
          + "\"deleted\":false}";

  private static ObjectNode v1() throws Exception {
    return (ObjectNode) Json.mapper().readTree(V1);
  }

  @Test
  void aV1PriceBecomesAnObjectOfExactAmountAndTheCurrency() throws Exception {
    JsonNode v2 = ProductEventUpcaster.toCurrent(1, v1());
    assertThat(v2.get("price").get("amount").isTextual()).isTrue();
    assertThat(v2.get("price").get("amount").asText()).isEqualTo("19.90");
    assertThat(v2.get("price").get("currency").asText()).isEqualTo("USD");
    assertThat(v2.get("price").size()).isEqualTo(2);
  }

  @Test
  void aV1PayloadUpcastsToTheFieldsAndOrderTheWriterEmits() throws Exception {
    JsonNode v2 = ProductEventUpcaster.toCurrent(1, v1());
    assertThat(Json.write(v2))
        .isEqualTo(
            V1.replace(
                "\"price\":19.90,\"currency\":\"USD\"",
                "\"price\":{\"amount\":\"19.90\"," + "\"currency\":\"USD\"}"));
  }

  @Test
  void theTopLevelCurrencyIsRemoved() throws Exception {
    assertThat(ProductEventUpcaster.toCurrent(1, v1()).has("currency")).isFalse();
  }

  @Test
  void aV1PayloadHasNoCategoryEvenIfAProducerAddedOne() throws Exception {
    ObjectNode v1 = v1();
    v1.put("category", "lighting");
    assertThat(ProductEventUpcaster.toCurrent(1, v1).has("category")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0.00",
    "0.5, 0.50",
    "19.9, 19.90",
    "19.900, 19.90",
    "1E+3, 1000.00",
    "9999999999.99, 9999999999.99",
    // Not convertible without rounding: kept exact, for the v2 validation to refuse.
    "1.001, 1.001",
    "-1, -1.00"
  })
  void theAmountIsPlainWithScaleTwo(String number, String amount) throws Exception {
    ObjectNode v1 = v1();
    v1.set("price", Json.mapper().readTree(number));
    assertThat(ProductEventUpcaster.toCurrent(1, v1).get("price").get("amount").asText())
        .isEqualTo(amount);
  }

  @Test
  void aPriceThatIsNotANumberIsCopiedUnchanged() throws Exception {
    ObjectNode v1 = v1();
    v1.put("price", "19.90");
    JsonNode v2 = ProductEventUpcaster.toCurrent(1, v1);
    assertThat(v2.get("price").asText()).isEqualTo("19.90");
    assertThat(v2.get("currency").asText()).isEqualTo("USD");
  }

  @Test
  void aMissingOrNonTextCurrencyLeavesThePriceUnchanged() throws Exception {
    ObjectNode missing = v1();
    missing.remove("currency");
    assertThat(ProductEventUpcaster.toCurrent(1, missing).get("price").isNumber()).isTrue();
    ObjectNode number = v1();
    number.put("currency", 840);
    JsonNode v2 = ProductEventUpcaster.toCurrent(1, number);
    assertThat(v2.get("price").isNumber()).isTrue();
    assertThat(v2.get("currency").asInt()).isEqualTo(840);
  }

  @Test
  void theInputIsNeverChanged() throws Exception {
    ObjectNode v1 = v1();
    v1.put("category", "lighting");
    JsonNode before = v1.deepCopy();
    JsonNode v2 = ProductEventUpcaster.toCurrent(1, v1);
    assertThat(v1).isEqualTo(before);
    ((ObjectNode) v2.get("price")).put("amount", "0.00");
    assertThat(v1).isEqualTo(before);
  }

  @Test
  void aCurrentPayloadIsReturnedAsItIs() throws Exception {
    JsonNode v2 = ProductEventUpcaster.toCurrent(1, v1());
    JsonNode again = ProductEventUpcaster.toCurrent(2, v2);
    assertThat(again).isSameAs(v2);
  }

  @Test
  void aPayloadThatIsNotAnObjectIsCopiedForTheCallerToRefuse() {
    JsonNode array = Json.mapper().createArrayNode().add(1);
    assertThat(ProductEventUpcaster.toCurrent(1, array)).isEqualTo(array);
    assertThat(ProductEventUpcaster.toCurrent(1, null)).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 3, 99})
  void aVersionWithoutAnUpcasterIsRefused(int version) {
    assertThat(ProductEventUpcaster.knows(version)).isFalse();
    assertThatThrownBy(
            () -> ProductEventUpcaster.toCurrent(version, Json.mapper().createObjectNode()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema_version " + version);
  }

  @Test
  void theWritersVersionIsTheCurrentOne() {
    assertThat(ProductEventUpcaster.CURRENT).isEqualTo(2);
    assertThat(ProductEventUpcaster.OLDEST).isEqualTo(1);
    assertThat(EventEnvelope.SCHEMA_VERSION).isEqualTo(ProductEventUpcaster.CURRENT);
    assertThat(ProductEventUpcaster.knows(1)).isTrue();
    assertThat(ProductEventUpcaster.knows(2)).isTrue();
  }
}
