package io.catalog.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductView;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.search.testing.Catalog;
import io.catalog.search.testing.EsIt;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProductSearchIT {
  /** The parameters of {@link #search}, in its order. */
  private static final List<String> PARAMETERS =
      List.of(
          SearchParams.Q,
          SearchParams.SELLER_ID,
          SearchParams.MIN_PRICE,
          SearchParams.MAX_PRICE,
          SearchParams.IN_STOCK,
          SearchParams.SORT,
          SearchParams.LIMIT,
          SearchParams.SEARCH_AFTER);

  private static EsIt es;
  private static Catalog catalog;
  private static ProductSearch search;

  @BeforeAll
  static void open() throws IOException {
    es = EsIt.open();
    SearchIndexes indexes = es.indexes();
    indexes.ensureAlias();
    catalog = new Catalog().writeTo(indexes, new ProjectionWriter(es.client, es.names));
    search = new ProductSearch(es.client, es.names);
  }

  @AfterAll
  static void close() {
    es.close();
  }

  @Test
  void deletedProductsNeverShow() {
    SearchPage page = search(null, null, null, null, null, null, "100", null);

    assertThat(page.total()).isEqualTo(catalog.live.size());
    assertThat(ids(page.items()))
        .containsExactlyInAnyOrderElementsOf(ids(catalog.live))
        .doesNotContainAnyElementsOf(ids(catalog.deleted));
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void fullTextMatchesEveryWordOfTheTitle() {
    assertMatches(
        search("lamp", null, null, null, null, null, "100", null), p -> words(p).contains("lamp"));
    assertMatches(
        search("RED Lamp", null, null, null, null, null, "100", null),
        p -> words(p).containsAll(List.of("red", "lamp")));
  }

  @Test
  void filtersBySeller() {
    assertMatches(
        search(null, Catalog.SELLER_2.toString(), null, null, null, null, "100", null),
        p -> p.sellerId().equals(Catalog.SELLER_2));
  }

  @Test
  void priceBoundsAreInclusive() {
    assertMatches(
        search(null, null, "3.49", "8.49", null, null, "100", null),
        p ->
            p.price().compareTo(new BigDecimal("3.49")) >= 0
                && p.price().compareTo(new BigDecimal("8.49")) <= 0);
    assertMatches(
        search(null, null, "15.99", null, null, null, "100", null),
        p -> p.price().compareTo(new BigDecimal("15.99")) >= 0);
    assertMatches(
        search(null, null, null, "0.99", null, null, "100", null),
        p -> p.price().compareTo(new BigDecimal("0.99")) <= 0);
  }

  @Test
  void filtersByStock() {
    assertMatches(search(null, null, null, null, "true", null, "100", null), p -> p.stock() > 0);
    assertMatches(search(null, null, null, null, "false", null, "100", null), p -> p.stock() == 0);
  }

  @Test
  void combinesEveryFilter() {
    assertMatches(
        search("lamp", Catalog.SELLER_1.toString(), "1", "20", "true", "price_asc", "100", null),
        p ->
            words(p).contains("lamp")
                && p.sellerId().equals(Catalog.SELLER_1)
                && p.stock() > 0
                && p.price().compareTo(BigDecimal.ONE) >= 0
                && p.price().compareTo(BigDecimal.valueOf(20)) <= 0);
  }

  @Test
  void itemsCarryTheExactPriceAndTheProductFields() {
    Product p = catalog.live.get(1);
    SearchPage page = search(null, null, null, null, null, "price_asc", "100", null);

    ProductView hit =
        page.items().stream().filter(h -> h.id().equals(p.id())).findFirst().orElseThrow();
    assertThat(hit.price()).isEqualTo(p.price());
    assertThat(hit.price().toPlainString()).isEqualTo("3.49");
    assertThat(hit)
        .extracting(
            ProductView::sellerId,
            ProductView::title,
            ProductView::currency,
            ProductView::stock,
            ProductView::version,
            ProductView::createdAt)
        .containsExactly(p.sellerId(), p.title(), "USD", p.stock(), 1L, "2026-01-10T12:01:45.123Z");
  }

  @ParameterizedTest
  @EnumSource(
      value = SearchSort.class,
      names = {"PRICE_ASC", "PRICE_DESC", "NEWEST", "TITLE"})
  void everySortPagesWithoutDuplicatesOrGaps(SearchSort sort) {
    List<String> expected = ids(catalog.live.stream().sorted(order(sort)).toList());

    List<String> paged = pageThrough(null, sort);

    assertThat(paged).containsExactlyElementsOf(expected);
  }

  @Test
  void relevancePagingMatchesOneBigPage() {
    List<String> all = ids(search("red", null, null, null, null, "relevance", "100", null).items());

    List<String> paged = pageThrough("red", SearchSort.RELEVANCE, 2);

    assertThat(all).hasSizeGreaterThan(4);
    assertThat(paged).containsExactlyElementsOf(all);
  }

  @Test
  void defaultSortIsNewestWithoutTextAndRelevanceWithIt() {
    List<String> newest =
        ids(catalog.live.stream().sorted(order(SearchSort.NEWEST)).limit(20).toList());

    assertThat(ids(search(null, null, null, null, null, null, null, null).items()))
        .containsExactlyElementsOf(newest);
    assertThat(search("lamp", null, null, null, null, null, null, null).items())
        .allSatisfy(h -> assertThat(h.title().toLowerCase()).contains("lamp"));
  }

  @Test
  void aMissingAliasIsUnavailable() {
    ProductSearch nowhere =
        new ProductSearch(es.client, PlatformNames.withPrefix(es.names.prefix() + "none-"));

    assertThatThrownBy(() -> nowhere.search(SearchParams.parse(name -> null)))
        .isInstanceOf(SearchUnavailableException.class)
        .hasMessageContaining("does not exist");
  }

  /** Three pages of ten (and one of seven) over the 27 live products. */
  private static List<String> pageThrough(String q, SearchSort sort) {
    List<String> seen = pageThrough(q, sort, 10);
    assertThat(seen).hasSize(catalog.live.size());
    return seen;
  }

  private static List<String> pageThrough(String q, SearchSort sort, int limit) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      SearchPage page =
          search(q, null, null, null, null, sort.wireName(), String.valueOf(limit), cursor);
      assertThat(page.items().size()).isLessThanOrEqualTo(limit);
      seen.addAll(ids(page.items()));
      cursor = page.nextCursor();
      pages++;
      assertThat(pages).isLessThan(50);
    } while (cursor != null);
    assertThat(seen).doesNotHaveDuplicates();
    return seen;
  }

  private static Comparator<Product> order(SearchSort sort) {
    Comparator<Product> byId = Comparator.comparing(p -> p.id().toString());
    Comparator<Product> first =
        switch (sort) {
          case PRICE_ASC -> Comparator.comparing(Product::price);
          case PRICE_DESC -> Comparator.comparing(Product::price).reversed();
          case NEWEST -> Comparator.comparing(Product::createdAt).reversed();
          case TITLE -> Comparator.comparing(Catalog::lowerTitle);
          case RELEVANCE -> throw new IllegalArgumentException();
        };
    return first.thenComparing(byId);
  }

  private static void assertMatches(SearchPage page, Predicate<Product> filter) {
    List<String> expected = ids(catalog.live.stream().filter(filter).toList());
    assertThat(expected).as("a filter that selects nothing tests nothing").isNotEmpty();
    assertThat(expected.size())
        .as("nor one that selects everything")
        .isLessThan(catalog.live.size());
    assertThat(ids(page.items())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(page.total()).isEqualTo(expected.size());
  }

  private static List<String> words(Product p) {
    return Arrays.asList(p.title().toLowerCase().split(" "));
  }

  private static SearchPage search(
      String q,
      String seller,
      String min,
      String max,
      String inStock,
      String sort,
      String limit,
      String after) {
    String[] values = {q, seller, min, max, inStock, sort, limit, after};
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        given.put(PARAMETERS.get(i), values[i]);
      }
    }
    return search.search(SearchParams.parse(given::get));
  }

  private static List<String> ids(List<?> items) {
    return items.stream()
        .map(i -> i instanceof ProductView h ? h.id().toString() : ((Product) i).id().toString())
        .toList();
  }
}
