package io.catalog.api.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductView;
import io.dropwizard.jackson.Jackson;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product endpoints' timestamps are written exactly as the API wrote an {@code OffsetDateTime}
 * before {@link ProductView} carried them as text (it is shared with search, whose documents hold
 * text): the same characters for every precision Postgres returns.
 */
class ProductViewJsonTest {
  private static final ObjectMapper API =
      Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-10T12:01:45.123456Z",
        "2026-01-10T12:01:45.120Z",
        "2026-01-10T12:01:45Z",
        "2026-01-10T12:01:45.000001Z",
        "2026-01-10T13:01:45.5+01:00"
      })
  void timestampsAreWhatJacksonWroteForTheRow(String text) throws Exception {
    OffsetDateTime at = OffsetDateTime.parse(text);
    Product row = row(at, null);

    String written = API.writeValueAsString(ProductView.of(row));
    JsonNode json = API.readTree(written);

    String before = API.readTree(API.writeValueAsString(at)).asText();
    assertThat(json.get("created_at").asText()).isEqualTo(before);
    assertThat(json.get("updated_at").asText()).isEqualTo(before);
    assertThat(written).contains("\"price\":19.90,");
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "id",
            "seller_id",
            "title",
            "price",
            "currency",
            "stock",
            "version",
            "created_at",
            "updated_at");
  }

  @Test
  void aCategoryFollowsTheStockAndNoneIsLeftOut() throws Exception {
    OffsetDateTime at = OffsetDateTime.parse("2026-01-10T12:01:45.123456Z");
    JsonNode with = API.readTree(API.writeValueAsString(ProductView.of(row(at, "lighting"))));
    JsonNode without = API.readTree(API.writeValueAsString(ProductView.of(row(at, null))));

    assertThat(with.get("category").asText()).isEqualTo("lighting");
    List<String> expected = new ArrayList<>();
    without.fieldNames().forEachRemaining(expected::add);
    assertThat(expected).doesNotContain("category");
    expected.add(expected.indexOf("stock") + 1, "category");
    assertThat(with.fieldNames()).toIterable().containsExactlyElementsOf(expected);
  }

  private static Product row(OffsetDateTime at, String category) {
    return new Product(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "Desk lamp",
        new BigDecimal("19.90"),
        "USD",
        3,
        2,
        at,
        at,
        null,
        category);
  }
}
