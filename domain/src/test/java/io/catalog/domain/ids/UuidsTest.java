package io.catalog.domain.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UuidsTest {

  @RepeatedTest(50)
  void aCanonicalTextInEitherCaseIsItsUuid() {
    UUID id = UUID.randomUUID();

    assertThat(Uuids.parse(id.toString())).isEqualTo(id);
    assertThat(Uuids.parse(id.toString().toUpperCase())).isEqualTo(id);
    assertThat(Uuids.parse(Uuids.v7().toString())).isNotNull();
  }

  @Test
  void theExtremesParse() {
    assertThat(Uuids.parse("00000000-0000-0000-0000-000000000000")).isEqualTo(new UUID(0, 0));
    assertThat(Uuids.parse("ffffffff-ffff-ffff-ffff-ffffffffffff")).isEqualTo(new UUID(-1, -1));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "3fa85f6-45717-4562-b3fc-2c963f66afa6", // UUID.fromString takes this as another id
        "+fa85f64-5717-4562-b3fc-2c963f66afa6",
        "3fa85f64-5717-4562-b3fc-2c963f66afa",
        "3fa85f64-5717-4562-b3fc-2c963f66afa6a",
        "3fa85f64x5717-4562-b3fc-2c963f66afa6",
        "3fa85f6g-5717-4562-b3fc-2c963f66afa6",
        "3fa85f64-5717-4562-b3fc-2c963f66afa６", // a full-width digit: Character.digit says 6
        "3fa85f645717-4562-b3fc-2c963f66afa6-",
      })
  void anythingElseIsRefusedAsTheCanonicalPatternRefusesIt(String text) {
    assertThat(text != null && Uuids.TEXT.matcher(text).matches()).isFalse();
    assertThatThrownBy(() -> Uuids.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a UUID: " + text);
  }
}
