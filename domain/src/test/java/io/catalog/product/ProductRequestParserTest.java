package io.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProductRequestParserTest {
  private static ProductDraft parse(String json) {
    return ProductRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesTheSeedSampleWithExactDecimalAndDefaultCurrency() {
    ProductDraft d =
        parse(
            "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\" Wireless Mouse \","
                + "\"price\":15.99,\"stock\":100}");
    assertThat(d.sellerId()).isEqualTo(UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
    assertThat(d.title()).isEqualTo("Wireless Mouse");
    assertThat(d.price()).isEqualTo(new BigDecimal("15.99"));
    assertThat(d.currency()).isEqualTo("USD");
    assertThat(d.stock()).isEqualTo(100);
  }

  @Test
  void trimsJsonWhitespaceOnlyAsTheDocumentsPatternSays() {
    String seller =
        "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"price\":1,\"stock\":1,\"title\":";
    assertThat(parse(seller + "\" \\t\\r\\nLamp \\n\"}").title()).isEqualTo("Lamp");
    // Other whitespace is a character like any other: kept, counted, accepted (the projection too).
    assertThat(parse(seller + "\"\u2000Lamp\u00a0\"}").title()).isEqualTo("\u2000Lamp\u00a0");
    assertThat(parse(seller + "\"\u3000\"}").title()).isEqualTo("\u3000");
    assertThatThrownBy(() -> parse(seller + "\" \\t \"}")).isInstanceOf(ValidationException.class);
  }

  @Test
  void keepsPricesThatADoubleWouldRound() {
    ProductDraft d =
        parse(
            "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"t\","
                + "\"price\":9999999999.99,\"stock\":0,\"currency\":\"EUR\"}");
    assertThat(d.price().toPlainString()).isEqualTo("9999999999.99");
  }

  @Test
  void countsTitleLengthInCodePointsSoEmojiAreOneCharacterEach() {
    String twoHundredEmoji = "\uD83D\uDE00".repeat(200);
    assertThat(
            parse(
                    "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\""
                        + twoHundredEmoji
                        + "\",\"price\":1,\"stock\":1}")
                .title())
        .hasSize(400);
    assertThatThrownBy(
            () ->
                parse(
                    "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\""
                        + twoHundredEmoji
                        + "x\",\"price\":1,\"stock\":1}"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.syntax()).isFalse();
              assertThat(e.errors()).extracting(FieldError::field).containsExactly("title");
            });
  }

  @Test
  void negativeZeroIsRejectedAlthoughBigDecimalWouldHideTheSign() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"t\","
                        + "\"price\":-0.0,\"stock\":1}"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("price"));
  }

  @Test
  void wrongTypesAreSyntaxErrorsAndRuleBreaksAreNot() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"t\","
                        + "\"price\":\"15.99\",\"stock\":1}"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.syntax()).isTrue());
    assertThatThrownBy(
            () ->
                parse(
                    "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"t\","
                        + "\"price\":1.001,\"stock\":1}"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.syntax()).isFalse());
  }

  @Test
  void reportsEveryBrokenFieldAtOnce() {
    assertThatThrownBy(() -> parse("{\"title\":\"\",\"price\":-1,\"stock\":-1}"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("seller_id", "title", "price", "stock"));
  }
}
