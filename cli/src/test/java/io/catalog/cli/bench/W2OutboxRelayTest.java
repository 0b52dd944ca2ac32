package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class W2OutboxRelayTest {
  @Test
  void theRowsGiveTheMedianOfEachSideAndTheNoteEveryPairInOrder() {
    W2OutboxRelay.Trials trials = new W2OutboxRelay.Trials();
    double[] workflows = {23_274, 20_404, 24_000};
    double[] raw = {26_267, 31_139, 25_000};
    System.arraycopy(workflows, 0, trials.workflows, 0, W2OutboxRelay.TRIALS);
    System.arraycopy(raw, 0, trials.raw, 0, W2OutboxRelay.TRIALS);

    // One fast raw drain (31,139) no longer decides the ratio on its own.
    assertThat(W2OutboxRelay.Trials.median(trials.workflows)).isEqualTo(23_274);
    assertThat(W2OutboxRelay.Trials.median(trials.raw)).isEqualTo(26_267);
    assertThat(trials.describe())
        .isEqualTo(
            "W2 drains, publisher workflows vs raw relay, in order: 23274 vs 26267 (0.89×);"
                + " 20404 vs 31139 (0.66×); 24000 vs 25000 (0.96×); the rows give the median of"
                + " each")
        .matches(".*: \\d+ vs \\d+ \\([0-9.]+×\\)(; \\d+ vs \\d+ \\([0-9.]+×\\)){2}; the rows .*");
  }
}
