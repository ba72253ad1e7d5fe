package io.darkroom.api.webhook;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the oldest undelivered webhook message has waited, refreshed on the same schedule as the
 * other backlog gauges (a scrape never waits for a query, and the dispatcher's loop runs none).
 */
@Singleton
class WebhookMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookMetrics.class);

  private final WebhookMessageRepository messages;
  private final AtomicLong oldestMillis = new AtomicLong();

  WebhookMetrics(WebhookMessageRepository messages, MeterRegistry registry) {
    this.messages = messages;
    Gauge.builder("darkroom.webhooks.oldest.pending.age", oldestMillis, WebhookMetrics::age)
        .description("How long the oldest undelivered webhook message has waited")
        .baseUnit("seconds")
        .register(registry);
  }

  @Scheduled(fixedDelay = "${darkroom.metrics.backlog-refresh}", initialDelay = "1s")
  void refresh() {
    try {
      Instant oldest = messages.oldestPending();
      oldestMillis.set(oldest == null ? 0 : oldest.toEpochMilli());
    } catch (RuntimeException e) {
      LOG.warn("Could not refresh the webhook metrics: {}", e.toString());
    }
  }

  private static double age(AtomicLong oldestEpochMillis) {
    long oldest = oldestEpochMillis.get();
    return oldest == 0 ? 0 : Math.max(0, Instant.now().toEpochMilli() - oldest) / 1000.0;
  }
}
