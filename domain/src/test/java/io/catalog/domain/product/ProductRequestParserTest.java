package io.catalog.domain.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProductRequestParserTest {
  private static ProductDraft parse(String json) {
    return ProductRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static final String SELLER = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  private static final String ABSENT = "<absent>";

  /** A valid body with {@code field} set to the raw JSON {@code value}, or left out. */
  private static String with(String field, String value) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("seller_id", "\"" + SELLER + "\"");
    fields.put("title", "\"Lamp\"");
    fields.put("price", "1");
    fields.put("stock", "1");
    if (ABSENT.equals(value)) {
      fields.remove(field);
    } else {
      fields.put(field, value);
    }
    return fields.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static ValidationException rejected(String json) {
    try {
      ProductDraft accepted = parse(json);
      throw new AssertionError("accepted " + json + " as " + accepted);
    } catch (ValidationException e) {
      return e;
    }
  }

  static Stream<Arguments> ruleBreaks() {
    String title201 = "\"" + "a".repeat(201) + "\"";
    String category51 = "\"" + "\uD83D\uDCA1".repeat(51) + "\"";
    return Stream.of(
        Arguments.of("seller_id", "null", "is required"),
        Arguments.of("seller_id", ABSENT, "is required"),
        Arguments.of("seller_id", "\"3fa85f64-5717-4562-b3fc-2c963f66afa\"", "is not a UUID"),
        // UUID.fromString takes this short form; the parser does not.
        Arguments.of("seller_id", "\"1-1-1-1-1\"", "is not a UUID"),
        Arguments.of("seller_id", "\"3fa85f64-5717-4562-b3fc-2c963f66afaz\"", "is not a UUID"),
        Arguments.of("seller_id", "\"\"", "is not a UUID"),
        // 36 characters that UUID.fromString (Java 17) would read as another id.
        Arguments.of("seller_id", "\"3fa85f6-45717-4562-b3fc-2c963f66afa6\"", "is not a UUID"),
        Arguments.of("seller_id", "\"+fa85f64-5717-4562-b3fc-2c963f66afa6\"", "is not a UUID"),
        Arguments.of("title", "null", "is required"),
        Arguments.of("title", ABSENT, "is required"),
        Arguments.of("title", "\"\"", "must be 1 to 200 characters after trimming"),
        Arguments.of("title", "\"\\r\\n\"", "must be 1 to 200 characters after trimming"),
        Arguments.of("title", title201, "must be 1 to 200 characters after trimming"),
        Arguments.of("title", "\"a\\u0000b\"", "must not contain NUL characters"),
        // NUL is not whitespace: it is not trimmed, so it is still there to be refused.
        Arguments.of("title", "\"Lamp\\u0000\"", "must not contain NUL characters"),
        Arguments.of("price", "null", "is required"),
        Arguments.of("price", ABSENT, "is required"),
        Arguments.of("price", "-1", "must be >= 0"),
        Arguments.of("price", "-0", "must be >= 0"),
        Arguments.of("price", "1.001", "must have at most 2 decimal places"),
        Arguments.of("price", "1E-3", "must have at most 2 decimal places"),
        Arguments.of("price", "10000000000", "must be at most 9999999999.99"),
        Arguments.of("price", "1e11", "must be at most 9999999999.99"),
        Arguments.of("currency", "\"usd\"", "must be an ISO 4217 code of 3 upper-case letters"),
        Arguments.of("currency", "\"EURO\"", "must be an ISO 4217 code of 3 upper-case letters"),
        Arguments.of("currency", "\"EU\"", "must be an ISO 4217 code of 3 upper-case letters"),
        Arguments.of("currency", "\" EUR\"", "must be an ISO 4217 code of 3 upper-case letters"),
        Arguments.of("stock", "null", "is required"),
        Arguments.of("stock", ABSENT, "is required"),
        Arguments.of("stock", "-1", "must be >= 0"),
        Arguments.of("stock", "-0", "must be >= 0"),
        Arguments.of("stock", "2147483648", "must be at most 2147483647"),
        Arguments.of("stock", "99999999999999999999", "must be at most 2147483647"),
        Arguments.of("category", "\"\"", "must be 1 to 50 characters after trimming"),
        Arguments.of("category", "\" \\t\\n \"", "must be 1 to 50 characters after trimming"),
        Arguments.of("category", category51, "must be 1 to 50 characters after trimming"),
        Arguments.of("category", "\"a\\u0000\"", "must not contain NUL characters"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("ruleBreaks")
  void aRuleBreakIsA422NamingTheFieldAndTheRule(String field, String value, String message) {
    ValidationException e = rejected(with(field, value));
    assertThat(e.syntax()).isFalse();
    assertThat(e).hasMessage("validation failed");
    assertThat(e.errors()).containsExactly(new FieldError(field, message));
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("seller_id", "1", "must be a UUID string"),
        Arguments.of("seller_id", "true", "must be a UUID string"),
        Arguments.of("title", "5", "must be a string"),
        Arguments.of("title", "false", "must be a string"),
        Arguments.of("price", "\"1.00\"", "must be a number"),
        Arguments.of("price", "true", "must be a number"),
        Arguments.of("currency", "1", "must be a string of 3 upper-case letters"),
        // Optional is not nullable: the document's currency is a string with a default.
        Arguments.of("currency", "null", "must be a string of 3 upper-case letters"),
        Arguments.of("stock", "1.0", "must be an integer"),
        Arguments.of("stock", "1e2", "must be an integer"),
        Arguments.of("stock", "\"1\"", "must be an integer"),
        Arguments.of("category", "5", "must be a string"),
        Arguments.of("category", "true", "must be a string"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("wrongTypes")
  void aValueOfTheWrongJsonTypeIsA400NamingTheField(String field, String value, String message) {
    ValidationException e = rejected(with(field, value));
    assertThat(e.syntax()).isTrue();
    assertThat(e.errors()).containsExactly(new FieldError(field, message));
  }

  @Test
  void oneWrongTypeMakesTheWholeRequestA400ButEveryBrokenFieldIsStillNamed() {
    ValidationException e =
        rejected(
            "{\"seller_id\":\"x\",\"title\":\"\",\"price\":\"1\",\"currency\":\"eur\",\"stock\":-1}");
    assertThat(e.syntax()).isTrue();
    assertThat(e.errors())
        .extracting(FieldError::field)
        .containsExactly("seller_id", "title", "price", "currency", "stock");
  }

  static Stream<Arguments> malformedBodies() {
    String valid = with("title", "\"Lamp\"");
    String tooLongNumber = "1" + "0".repeat(64);
    return Stream.of(
        Arguments.of("", "$", "body must be a JSON object"),
        Arguments.of("[]", "$", "body must be a JSON object"),
        Arguments.of("\"Lamp\"", "$", "body must be a JSON object"),
        Arguments.of("null", "$", "body must be a JSON object"),
        Arguments.of(valid.replace("}", ",\"colour\":\"red\"}"), "colour", "unknown field"),
        Arguments.of("{\"id\":{\"nested\":1}}", "id", "unknown field"),
        Arguments.of(with("title", "{\"en\":\"Lamp\"}"), "title", "must be a scalar value"),
        Arguments.of(with("price", "[1]"), "price", "must be a scalar value"),
        Arguments.of(valid.replace("}", ",\"title\":\"Other\"}"), "title", "duplicate field"),
        Arguments.of(valid + " {}", "$", "trailing content after the JSON object"),
        Arguments.of(valid + " 1", "$", "trailing content after the JSON object"),
        Arguments.of("{\"title\":", "$", "malformed JSON: "),
        Arguments.of(valid.replace("}", ",}"), "$", "malformed JSON: "),
        Arguments.of("{'title':'Lamp'}", "$", "malformed JSON: "),
        Arguments.of(with("price", tooLongNumber), "$", "value too large: "),
        Arguments.of(with("title", "\"" + "a".repeat(65_537) + "\""), "$", "value too large: "));
  }

  @ParameterizedTest(name = "[{index}] {1}: {2}")
  @MethodSource("malformedBodies")
  void aBodyThatIsNotOneFlatProductObjectIsMalformed(String body, String field, String message) {
    ValidationException e = rejected(body);
    assertThat(e.syntax()).isTrue();
    assertThat(e).hasMessage("malformed request");
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0).field()).isEqualTo(field);
    assertThat(e.errors().get(0).message()).startsWith(message);
  }

  @Test
  void onlyLeadingAndTrailingJsonWhitespaceIsTrimmedAndItDoesNotCount() {
    assertThat(ProductRequestParser.trimJsonWhitespace("\t\r\n a \t b \n\r\t")).isEqualTo("a \t b");
    assertThat(ProductRequestParser.trimJsonWhitespace(" \t\r\n")).isEmpty();
    assertThat(ProductRequestParser.trimJsonWhitespace("\fa\u000b")).isEqualTo("\fa\u000b");
    assertThat(ProductRequestParser.trimJsonWhitespace("")).isEmpty();
    // 200 characters between padding: the padding is dropped before counting.
    String twoHundred = "b".repeat(200);
    assertThat(parse(with("title", "\"  " + twoHundred + "\\t\\n\"")).title())
        .isEqualTo(twoHundred);
    assertThat(parse(with("title", "\"Desk \\t Lamp\"")).title()).isEqualTo("Desk \t Lamp");
  }

  @Test
  void aCategoryIsOptionalAndTrimmedLikeTheTitle() {
    assertThat(parse(with("category", "\"kitchen\"")))
        .isEqualTo(
            new ProductDraft(
                UUID.fromString(SELLER), "Lamp", new BigDecimal("1.00"), "USD", 1, "kitchen"));
    assertThat(parse(with("category", ABSENT)).category()).isNull();
    assertThat(parse(with("category", "null")).category()).isNull();
    assertThat(parse(with("category", "\" \\tlighting\\r\\n\"")).category()).isEqualTo("lighting");
    assertThat(parse(with("category", "\"Home & Garden\"")).category()).isEqualTo("Home & Garden");
    // 50 characters between padding, the padding dropped before counting; emoji count once.
    String fifty = "\uD83D\uDCA1".repeat(50);
    assertThat(parse(with("category", "\"  " + fifty + " \"")).category()).isEqualTo(fifty);
    assertThat(parse(with("category", "\"\u00a0x\"")).category()).isEqualTo("\u00a0x");
  }

  @Test
  void pricesAreStoredWithExactlyTwoDecimals() {
    assertThat(parse(with("price", "1")).price()).isEqualTo(new BigDecimal("1.00"));
    assertThat(parse(with("price", "0")).price()).isEqualTo(new BigDecimal("0.00"));
    assertThat(parse(with("price", "1.5")).price()).isEqualTo(new BigDecimal("1.50"));
    // Trailing zeros are not decimal places.
    assertThat(parse(with("price", "1.50000")).price()).isEqualTo(new BigDecimal("1.50"));
    assertThat(parse(with("price", "1e2")).price()).isEqualTo(new BigDecimal("100.00"));
    assertThat(parse(with("price", "1.234E1")).price()).isEqualTo(new BigDecimal("12.34"));
    assertThat(parse(with("price", "9999999999.990")).price())
        .isEqualTo(new BigDecimal("9999999999.99"));
  }

  @Test
  void boundaryValuesAndGivenValuesAreKept() {
    assertThat(parse(with("stock", "0")).stock()).isZero();
    assertThat(parse(with("stock", "2147483647")).stock()).isEqualTo(Integer.MAX_VALUE);
    assertThat(parse(with("currency", "\"JPY\"")).currency()).isEqualTo("JPY");
    assertThat(parse(with("seller_id", "\"" + SELLER.toUpperCase() + "\"")).sellerId())
        .isEqualTo(UUID.fromString(SELLER));
    assertThat(parse(with("title", "\"" + "c".repeat(200) + "\"")).title()).hasSize(200);
  }

  @Test
  void fieldOrderDoesNotMatter() {
    ProductDraft d =
        parse(
            "{\"stock\":7,\"currency\":\"GBP\",\"price\":2.5,\"title\":\"Mug\",\"seller_id\":\""
                + SELLER
                + "\"}");
    assertThat(d)
        .isEqualTo(
            new ProductDraft(UUID.fromString(SELLER), "Mug", new BigDecimal("2.50"), "GBP", 7));
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
    assertThatThrownBy(() -> parse("{\"title\":\"\",\"price\":-1,\"stock\":-1,\"category\":\" \"}"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("seller_id", "title", "price", "stock", "category"));
  }
}
