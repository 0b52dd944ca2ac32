package io.catalog.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.workflows.dlq.DlqFilter;
import io.catalog.workflows.dlq.DlqTriageInput;
import io.catalog.workflows.outbox.OutboxCleanupInput;
import io.catalog.workflows.outbox.OutboxPublisherInput;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.rebuild.RollbackInput;
import io.catalog.workflows.reconcile.ReconcileInput;
import io.catalog.workflows.replay.ReplayInput;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link OperatorInput} promises, through the converter the workers and clients use: an input
 * with nothing set is written without a single null (so a history holds what was asked, not
 * defaults) and reads back the same, and a field this release does not know is ignored.
 */
class OperatorInputTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  static List<Class<? extends Record>> inputs() {
    return List.of(
        DlqTriageInput.class,
        DlqFilter.class,
        OutboxPublisherInput.class,
        OutboxCleanupInput.class,
        RebuildInput.class,
        RollbackInput.class,
        ReconcileInput.class,
        ReplayInput.class);
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void anInputWithNothingSetIsWrittenWithoutNulls(Class<? extends Record> type) throws Exception {
    assertThat(type.isAnnotationPresent(OperatorInput.class)).isTrue();
    Record empty = allNull(type);

    Payload payload = CONVERTER.toPayload(empty).orElseThrow();

    assertThat(payload.getData().toString(StandardCharsets.UTF_8))
        .startsWith("{")
        .doesNotContain("null");
    assertThat(CONVERTER.fromPayload(payload, type, type)).isEqualTo(empty);
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void aFieldOfANewerReleaseIsIgnored(Class<? extends Record> type) {
    Payload newer =
        Payload.newBuilder()
            .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
            .setData(com.google.protobuf.ByteString.copyFromUtf8("{\"addedLater\":true}"))
            .build();

    Record read = CONVERTER.fromPayload(newer, type, type);

    assertThat(read).isEqualTo(allNull(type));
  }

  private static Record allNull(Class<? extends Record> type) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
    try {
      return type.getDeclaredConstructor(types).newInstance(new Object[components.length]);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(type + " has no canonical constructor taking nulls", e);
    }
  }
}
