package io.catalog.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChaosPlanTest {

  @Test
  void theClusterPlanRunsReplicasAndBreaksOneMemberOfEachClusteredKind() {
    ChaosPlan plan = ChaosPlan.forMinutes(1, 7, true);

    assertThat(plan.apis()).isEqualTo(2);
    assertThat(plan.workerProcesses()).isEqualTo(3);
    assertThat(plan.faults())
        .containsExactlyInAnyOrder(Fault.KAFKA, Fault.ELASTICSEARCH, Fault.WORKERS, Fault.API);
    // The throttled rebuild's catch-up must outpace what the writers offer.
    assertThat(plan.writers() * plan.writesPerWriterPerSecond() + plan.commandsPerSecond())
        .isLessThan(SeededCatalog.REBUILD_DOCS_PER_SECOND);
  }

  @Test
  void theSingleNodePlanIsOneOfEachProcessAndEveryKindOfFault() {
    ChaosPlan plan = ChaosPlan.forMinutes(1, 7);

    assertThat(plan.apis()).isEqualTo(1);
    assertThat(plan.workerProcesses()).isEqualTo(1);
    assertThat(plan.faults()).containsExactly(Fault.values());
  }
}
