package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {

  @Test
  void figuresAreReadableAtEveryScale() {
    assertThat(Formats.figure(123456.7)).isEqualTo("123,457");
    assertThat(Formats.figure(812.4)).isEqualTo("812");
    assertThat(Formats.figure(42.25)).isEqualTo("42.3");
    assertThat(Formats.figure(3.14159)).isEqualTo("3.14");
    assertThat(Formats.figure(Double.NaN)).isEqualTo("-");
  }

  @Test
  void ratiosCarryTheirSign() {
    assertThat(Formats.ratio(0.4213)).isEqualTo("0.42×");
    assertThat(Formats.ratio(1.0)).isEqualTo("1.00×");
    assertThat(Formats.ratio(Double.NaN)).isEqualTo("-");
    assertThat(Formats.ratio(Double.POSITIVE_INFINITY)).isEqualTo("-");
  }

  @Test
  void plainNumbersHaveNoGroupingAndNoTrailingZeros() {
    assertThat(Formats.plain(1500)).isEqualTo("1500");
    assertThat(Formats.plain(12.5)).isEqualTo("12.5");
    assertThat(Formats.plain(0.1234)).isEqualTo("0.123");
    assertThat(Formats.plain(Double.NaN)).isEmpty();
  }
}
