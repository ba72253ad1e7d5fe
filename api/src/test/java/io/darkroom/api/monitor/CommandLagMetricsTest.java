package io.darkroom.api.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLagMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  // update() is given the probe's answer; the probe itself is only read by the scheduled refresh
  private final CommandLagMetrics metrics = new CommandLagMetrics(null, registry);

  @Test
  void shouldExportTheLagOfEveryPartitionTaggedWithItsNumberOnly() {
    metrics.update(
        pipeline(
            List.of(
                new MonitorView.PartitionLag("image-commands.v1", 0, 10L, 12, 2),
                new MonitorView.PartitionLag("image-commands.v1", 1, null, 7, 7)),
            null));

    assertThat(registry.find("darkroom.commands.lag").gauges())
        .extracting(
            g -> g.getId().getTag("partition"), Gauge::value, g -> g.getId().getTags().size())
        .containsExactlyInAnyOrder(tuple("0", 2.0, 1), tuple("1", 7.0, 1));
  }

  @Test
  void shouldFollowTheLatestAnswerAndDropTheSeriesWhenTheBrokerDidNotAnswer() {
    metrics.update(
        pipeline(List.of(new MonitorView.PartitionLag("image-commands.v1", 0, 0L, 5, 5)), null));
    metrics.update(
        pipeline(List.of(new MonitorView.PartitionLag("image-commands.v1", 0, 5L, 5, 0)), null));
    assertThat(registry.find("darkroom.commands.lag").gauge().value()).isZero();

    metrics.update(pipeline(List.of(), "The broker did not answer: TimeoutException"));

    assertThat(registry.find("darkroom.commands.lag").gauges()).isEmpty();
  }

  private static MonitorView.Pipeline pipeline(
      List<MonitorView.PartitionLag> lag, String kafkaError) {
    long total = lag.stream().mapToLong(MonitorView.PartitionLag::lag).sum();
    return new MonitorView.Pipeline(
        0,
        null,
        "darkroom-workers",
        null,
        lag,
        kafkaError == null ? total : null,
        List.of(),
        kafkaError);
  }
}
