package io.catalog.workers.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static final Fingerprint A =
      new Fingerprint(1000, 990, 1500, 1500, 25_000, 1_234_567.89, 1.7e15, 1.6e15);

  @Test
  void equalSumsMatchAndPriceSumsMayDifferInTheirLastBits() {
    assertThat(A.matches(A)).isTrue();
    Fingerprint rounded =
        new Fingerprint(1000, 990, 1500, 1500, 25_000, 1_234_567.89 + 1e-7, 1.7e15, 1.6e15);
    assertThat(A.matches(rounded)).isTrue();
  }

  @Test
  void anyCountOrSumThatMovesMakesTheBucketDiffer() {
    assertThat(
            A.matches(new Fingerprint(999, 990, 1500, 1500, 25_000, 1_234_567.89, 1.7e15, 1.6e15)))
        .as("a document missing")
        .isFalse();
    assertThat(
            A.matches(new Fingerprint(1000, 991, 1500, 1500, 25_000, 1_234_567.89, 1.7e15, 1.6e15)))
        .as("a deleted product visible")
        .isFalse();
    assertThat(
            A.matches(new Fingerprint(1000, 990, 1499, 1500, 25_000, 1_234_567.89, 1.7e15, 1.6e15)))
        .as("an older version")
        .isFalse();
    assertThat(
            A.matches(new Fingerprint(1000, 990, 1500, 1501, 25_000, 1_234_567.89, 1.7e15, 1.6e15)))
        .as("a write by hand moved _version")
        .isFalse();
    assertThat(
            A.matches(new Fingerprint(1000, 990, 1500, 1500, 25_001, 1_234_567.89, 1.7e15, 1.6e15)))
        .as("stock")
        .isFalse();
    assertThat(
            A.matches(new Fingerprint(1000, 990, 1500, 1500, 25_000, 1_234_567.90, 1.7e15, 1.6e15)))
        .as("a price one cent off")
        .isFalse();
    assertThat(
            A.matches(
                new Fingerprint(1000, 990, 1500, 1500, 25_000, 1_234_567.89, 1.7e15 + 1, 1.6e15)))
        .as("updated_at one millisecond off")
        .isFalse();
  }
}
