package io.catalog.workers.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.naming.PlatformNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

  @Test
  void productEventsAreCompactedAndKeptForever() {
    List<TopicSpec> topics = TopicSpec.platformTopics(PlatformNames.withPrefix("t-"), 3);

    assertThat(topics)
        .extracting(TopicSpec::name)
        .containsExactly(
            "t-product.events",
            "t-product.commands",
            "t-dlq.product.events",
            "t-dlq.product.commands");
    TopicSpec events = topics.get(0);
    assertThat(events.partitions()).isEqualTo(3);
    assertThat(events.configs())
        .containsEntry("cleanup.policy", "compact")
        .containsEntry("retention.ms", "-1");
    assertThat(topics.get(1).configs()).containsEntry("cleanup.policy", "delete");
  }

  @Test
  void deadLetterTopicsAreKeptForeverAndThatIsEnforced() {
    List<TopicSpec> topics = TopicSpec.platformTopics(PlatformNames.withPrefix("t-"), 3);

    for (TopicSpec dlq : topics.subList(2, 4)) {
      assertThat(dlq.configs())
          .containsEntry("retention.ms", "-1")
          .containsEntry("cleanup.policy", "delete");
      assertThat(dlq.enforced()).containsExactly("retention.ms");
    }
    assertThat(topics.get(0).enforced()).isEmpty();
  }
}
