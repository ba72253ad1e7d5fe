package io.darkroom.api.outbox;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drains the outbox to Kafka, on every api instance (they claim disjoint batches). */
@Singleton
class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  private final OutboxPublisher publisher;
  private final OutboxConfiguration config;

  OutboxRelay(OutboxPublisher publisher, OutboxConfiguration config) {
    this.publisher = publisher;
    this.config = config;
  }

  @Scheduled(fixedDelay = "${darkroom.outbox.poll-interval}", initialDelay = "1s")
  void relay() {
    try {
      int published;
      do {
        published = publisher.publishNextBatch();
        if (published > 0) {
          LOG.debug("Published {} outbox messages", published);
        }
      } while (published == config.batchSize());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The rows are still there; the next tick tries again. Kafka or the database being away is
      // expected.
      LOG.warn("Outbox relay could not publish, will retry: {}", e.toString());
    }
  }
}
