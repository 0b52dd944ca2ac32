package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilerSummaryTest {

  @Test
  void selfAndInclusiveSharesComeFromTheCollapsedStacks() {
    Profiler.Summary s =
        Profiler.Summary.of(
            List.of(
                "java/lang/Thread.run;io/catalog/product/ProductService.create;org/jdbi/Handle.attach 30",
                "java/lang/Thread.run;io/catalog/product/ProductService.create;java/net/Socket.write 10",
                "java/lang/Thread.run;io/catalog/X$$Lambda.run;finish_task_switch 60"));
    assertThat(s.total()).isEqualTo(100);
    assertThat(s.topSelf(2)).isEqualTo("[finish_task_switch 60.0%, org/jdbi/Handle.attach 30.0%]");
    // Lambda frames are left out of the platform's own frames.
    assertThat(s.topOwn(3)).isEqualTo("[io/catalog/product/ProductService.create 40.0%]");
    assertThat(s.render(2))
        .startsWith(
            "samples 100\n\nself:\nfinish_task_switch 60.0%\norg/jdbi/Handle.attach 30.0%\n")
        .contains("\n\ninclusive, io.catalog:\nio/catalog/product/ProductService.create 40.0%\n")
        .contains("inclusive, all:\njava/lang/Thread.run 100.0%\n");
  }
}
