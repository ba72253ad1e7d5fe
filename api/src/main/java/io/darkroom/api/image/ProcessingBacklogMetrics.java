package io.darkroom.api.image;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of the images waiting for a worker, refreshed from the database in the background (a
 * scrape never waits for a query): how many are pending or processing, and how long the oldest has
 * waited. An age that only grows is the signal to alert on: work is not being done, whatever the
 * reason (workers down, a broker away, a lost message).
 */
@Singleton
class ProcessingBacklogMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessingBacklogMetrics.class);
  private static final List<ImageStatus> UNFINISHED =
      List.of(ImageStatus.PENDING, ImageStatus.PROCESSING);

  private final ImageRepository images;
  private final Map<ImageStatus, AtomicLong> counts = new EnumMap<>(ImageStatus.class);
  private final Map<ImageStatus, AtomicLong> oldestMillis = new EnumMap<>(ImageStatus.class);

  ProcessingBacklogMetrics(ImageRepository images, MeterRegistry registry) {
    this.images = images;
    for (ImageStatus status : UNFINISHED) {
      AtomicLong count = new AtomicLong();
      AtomicLong oldest = new AtomicLong();
      counts.put(status, count);
      oldestMillis.put(status, oldest);
      Gauge.builder("darkroom.images.unfinished", count, AtomicLong::get)
          .description("Images not processed yet, of every owner")
          .tag("status", status.wireName())
          .register(registry);
      Gauge.builder("darkroom.images.unfinished.oldest.age", oldest, ProcessingBacklogMetrics::age)
          .description("How long the oldest image in this status has been waiting")
          .tag("status", status.wireName())
          .baseUnit("seconds")
          .register(registry);
    }
  }

  @Scheduled(fixedDelay = "${darkroom.metrics.backlog-refresh}", initialDelay = "1s")
  void refresh() {
    try {
      Map<ImageStatus, StatusBacklog> found = new EnumMap<>(ImageStatus.class);
      for (StatusBacklog backlog : images.unfinishedBacklog()) {
        found.put(ImageStatus.fromWire(backlog.status()), backlog);
      }
      for (ImageStatus status : UNFINISHED) {
        StatusBacklog backlog = found.get(status);
        counts.get(status).set(backlog == null ? 0 : backlog.count());
        oldestMillis
            .get(status)
            .set(backlog == null || backlog.oldest() == null ? 0 : backlog.oldest().toEpochMilli());
      }
    } catch (RuntimeException e) {
      // the gauges keep their last values (and the oldest age keeps growing) until the next try
      LOG.warn("Could not refresh the processing backlog metrics: {}", e.toString());
    }
  }

  private static double age(AtomicLong oldestEpochMillis) {
    long oldest = oldestEpochMillis.get();
    return oldest == 0 ? 0 : Math.max(0, Instant.now().toEpochMilli() - oldest) / 1000.0;
  }
}
