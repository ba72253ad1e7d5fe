package io.darkroom.api.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of the outbox, refreshed in the background: how many commands wait to be published and the
 * age of the oldest. Normally both stay near zero; a growing age means the relay cannot reach the
 * broker, and nothing is lost meanwhile.
 */
@Singleton
public class OutboxMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxMetrics.class);

  private final OutboxRepository repository;
  private final AtomicLong waiting = new AtomicLong();
  private final AtomicLong oldestMillis = new AtomicLong();

  OutboxMetrics(OutboxRepository repository, MeterRegistry registry) {
    this.repository = repository;
    Gauge.builder("darkroom.outbox.waiting", waiting, AtomicLong::get)
        .description("Commands written but not yet published to Kafka")
        .register(registry);
    Gauge.builder("darkroom.outbox.oldest.age", oldestMillis, OutboxMetrics::age)
        .description("How long the oldest unpublished command has waited")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Read now, for the console's monitor. */
  public OutboxBacklog now() {
    return repository.backlog();
  }

  @Scheduled(fixedDelay = "${darkroom.metrics.backlog-refresh}", initialDelay = "1s")
  void refresh() {
    try {
      OutboxBacklog backlog = repository.backlog();
      waiting.set(backlog.waiting());
      oldestMillis.set(backlog.oldest() == null ? 0 : backlog.oldest().toEpochMilli());
    } catch (RuntimeException e) {
      LOG.warn("Could not refresh the outbox metrics: {}", e.toString());
    }
  }

  private static double age(AtomicLong oldestEpochMillis) {
    long oldest = oldestEpochMillis.get();
    return oldest == 0 ? 0 : Math.max(0, Instant.now().toEpochMilli() - oldest) / 1000.0;
  }
}
