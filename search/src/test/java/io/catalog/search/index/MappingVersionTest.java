package io.catalog.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.naming.PlatformNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingVersionTest {
  @Test
  void newestMappingIsStrictAndHasEveryDocumentField() {
    JsonNode body = MappingVersion.load(MappingVersion.NEWEST);
    JsonNode mappings = body.get("mappings");
    List<String> fields = new ArrayList<>();
    mappings.get("properties").fieldNames().forEachRemaining(fields::add);

    assertThat(mappings.get("dynamic").asText()).isEqualTo("strict");
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "id",
            "seller_id",
            "title",
            "price",
            "price_exact",
            "currency",
            "category",
            "stock",
            "in_stock",
            "version",
            "created_at",
            "updated_at",
            "deleted",
            "event_id",
            "indexed_at");
    assertThat(mappings.at("/properties/price/type").asText()).isEqualTo("double");
    assertThat(mappings.at("/properties/price_exact/type").asText()).isEqualTo("keyword");
    assertThat(mappings.at("/properties/title/fields/keyword/type").asText()).isEqualTo("keyword");
  }

  @Test
  void newIndicesGetMappingTwoWhichIsOneWithAKeywordCategory() {
    JsonNode v1 = MappingVersion.load(1);
    ObjectNode v2 = MappingVersion.load(2);

    assertThat(MappingVersion.NEWEST).isEqualTo(2);
    assertThat(v2.at("/mappings/properties/category/type").asText()).isEqualTo("keyword");
    assertThat(v1.at("/mappings/properties").has("category")).isFalse();
    ((ObjectNode) v2.get("mappings").get("properties")).remove("category");
    assertThat(v2).isEqualTo(v1);
  }

  @Test
  void eachLoadIsAFreshCopy() {
    ((ObjectNode) MappingVersion.load(1).get("settings")).removeAll();

    assertThat(MappingVersion.load(1).get("settings").size()).isPositive();
  }

  @Test
  void unknownVersionIsRefused() {
    assertThatThrownBy(() -> MappingVersion.load(999)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void indexNamesCarryMappingAndUtcSecond() {
    SearchIndexes prod = new SearchIndexes(null, PlatformNames.DEFAULT);
    SearchIndexes test = new SearchIndexes(null, PlatformNames.withPrefix("it42-"));
    Instant at = Instant.parse("2026-01-10T12:00:45.999Z");

    assertThat(prod.indexName(1, at)).isEqualTo("product_search_v1_20260110_120045");
    assertThat(test.indexName(2, at)).isEqualTo("it42-product_search_v2_20260110_120045");
    assertThat(test.mappingVersionOf("it42-product_search_v2_20260110_120045")).isEqualTo(2);
    assertThatThrownBy(() -> test.mappingVersionOf("product_search_v2_20260110_120045"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
