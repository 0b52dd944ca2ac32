package io.catalog.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductView;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.projection.ProductDocument;
import io.catalog.search.testing.EsIt;
import io.catalog.search.testing.Products;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The category filter and the hit's category, on an index of the newest mapping and on one of
 * mapping 1 (built before categories existed), which must keep answering.
 *
 * <p>The documents are indexed directly rather than through the projection, so that what is tested
 * here is the query side alone: the category is set on the source the projection would write.
 */
class CategorySearchIT {
  private static EsIt newest;
  private static EsIt legacy;
  private static final Product LAMP = product(1, "Desk lamp", "lighting");
  private static final Product BULB = product(2, "Bulb", "lighting");
  private static final Product CHAIR = product(3, "Oak chair", "Furniture");
  private static final Product MUG = product(4, "Mug", null);

  @BeforeAll
  static void open() throws IOException {
    newest = EsIt.open();
    SearchIndexes indexes = newest.indexes();
    indexes.ensureAlias();
    for (Product p : List.of(LAMP, BULB, CHAIR, MUG)) {
      index(newest, p);
    }
    indexes.refresh(indexes.alias());

    legacy = EsIt.open();
    SearchIndexes old = legacy.indexes();
    old.switchAlias(old.createIndex(1, Instant.now(), false));
    index(legacy, MUG);
    old.refresh(old.alias());
  }

  @AfterAll
  static void close() {
    newest.close();
    legacy.close();
  }

  @Test
  void newIndicesAreOfTheMappingWithACategory() throws IOException {
    SearchIndexes indexes = newest.indexes();

    assertThat(indexes.mappingVersionOf(indexes.aliasTarget().orElseThrow())).isEqualTo(2);
  }

  @Test
  void filtersOnTheExactCategory() {
    assertThat(ids(search(newest, "category", "lighting"))).containsExactlyInAnyOrder(id(1), id(2));
    assertThat(ids(search(newest, "category", "Furniture"))).containsExactly(id(3));
    assertThat(search(newest, "category", "furniture").items()).isEmpty();
    assertThat(search(newest, "category", "light").items()).isEmpty();
    assertThat(ids(search(newest, "category", "lighting", "q", "lamp"))).containsExactly(id(1));
  }

  @Test
  void aHitCarriesItsCategoryOrNone() {
    Map<UUID, String> categories = new HashMap<>();
    search(newest).items().forEach(h -> categories.put(h.id(), h.category()));

    assertThat(categories)
        .containsEntry(id(1), "lighting")
        .containsEntry(id(3), "Furniture")
        .containsEntry(id(4), null)
        .hasSize(4);
  }

  @Test
  void anIndexOfMappingOneStillAnswersAndMatchesNoCategory() {
    SearchPage all = search(legacy);

    assertThat(all.items()).singleElement().satisfies(h -> assertThat(h.category()).isNull());
    assertThat(search(legacy, "category", "lighting").items()).isEmpty();
  }

  @Test
  void anIndexOfMappingOneRefusesADocumentWithACategory() {
    assertThatThrownBy(() -> index(legacy, LAMP))
        .isInstanceOf(ElasticsearchException.class)
        .hasMessageContaining("strict")
        .hasMessageContaining("category");
  }

  private static Product product(int n, String title, String category) {
    return Products.product(id(n), 1, title, n + ".99", n, category);
  }

  private static UUID id(int n) {
    return UUID.nameUUIDFromBytes(("category-" + n).getBytes());
  }

  /** The projection's source for the product, with its category set as mapping 2 holds it. */
  private static void index(EsIt es, Product p) throws IOException {
    ObjectNode source = ProductDocument.fromProduct(p).toSource(Instant.now());
    if (p.category() != null) {
      source.put("category", p.category());
    }
    es.client.index(i -> i.index(es.names.searchAlias()).id(p.id().toString()).document(source));
  }

  private static SearchPage search(EsIt es, String... nameValues) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      given.put(nameValues[i], nameValues[i + 1]);
    }
    return new ProductSearch(es.client, es.names).search(SearchParams.parse(given::get));
  }

  private static List<UUID> ids(SearchPage page) {
    return page.items().stream().map(ProductView::id).toList();
  }
}
