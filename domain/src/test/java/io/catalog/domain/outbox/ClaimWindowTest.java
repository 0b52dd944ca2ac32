package io.catalog.domain.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClaimWindowTest {

  @Test
  void theNextClaimStartsPastAFullClaimAndAtZeroAfterAShortOne() {
    ClaimWindow window = new ClaimWindow(1, 4, 500, 7, 9_000);

    assertThat(window.after(500, 1_234)).isEqualTo(new ClaimWindow(1, 4, 500, 1_235, 9_000));
    assertThat(window.after(499, 1_234)).isEqualTo(new ClaimWindow(1, 4, 500, 0, 9_000));
    assertThat(window.after(0, 0)).isEqualTo(new ClaimWindow(1, 4, 500, 0, 9_000));
  }
}
