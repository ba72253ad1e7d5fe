package io.darkroom.api.monitor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code darkroom_commands_lag{partition}}: commands of each partition of the commands topic that
 * the workers' group has not committed yet, as the broker tells the api. Unlike the workers' own
 * {@code kafka_consumer_records_lag_records}, it exists when no worker runs (which is when it
 * matters most). Read in the background from the monitor's {@link PipelineProbe} (whose answer is
 * shared with the console for 2 s), so a scrape never waits for the broker; a broker that did not
 * answer removes the series until it answers again rather than leaving stale figures.
 */
@Singleton
@Requires(beans = PipelineProbe.class)
class CommandLagMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(CommandLagMetrics.class);

  private final PipelineProbe probe;
  private final MultiGauge lag;

  CommandLagMetrics(PipelineProbe probe, MeterRegistry registry) {
    this.probe = probe;
    this.lag =
        MultiGauge.builder("darkroom.commands.lag")
            .description(
                "Commands not yet committed by the workers' group, per partition of the commands topic")
            .register(registry);
  }

  @Scheduled(fixedDelay = "${darkroom.metrics.backlog-refresh}", initialDelay = "1s")
  void refresh() {
    try {
      update(probe.read());
    } catch (RuntimeException e) {
      // the probe reads the outbox from the database first: with it away, no figures at all
      LOG.warn("Could not refresh the commands lag metrics: {}", e.toString());
      lag.register(List.of(), true);
    }
  }

  void update(MonitorView.Pipeline pipeline) {
    lag.register(
        pipeline.lag().stream()
            .map(
                p ->
                    MultiGauge.Row.of(Tags.of("partition", String.valueOf(p.partition())), p.lag()))
            .toList(),
        true);
  }
}
