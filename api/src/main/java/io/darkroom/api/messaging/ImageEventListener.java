package io.darkroom.api.messaging;

import io.darkroom.api.image.ImageOutcomes;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies workers' outcomes to images. Offsets are committed only after the record was applied, and
 * applying twice changes nothing.
 *
 * <p>While the database is away (any failure {@link TransientFailures} names: no connection, the
 * server shutting down, a serialization conflict) the same record is retried every {@code
 * darkroom.events.retry-delay}, for as long as it takes ({@link EventsConfiguration}), with its
 * partition paused and the consumer still in its group: an outage only delays outcomes, it never
 * skips one. An event that cannot be read, or that fails for any other reason (the same bytes would
 * fail again), goes to the dead-letter topic as it came, with the reason, and the partition goes
 * on.
 */
@KafkaListener(
    groupId = "darkroom-api",
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
    errorStrategy =
        @ErrorStrategy(
            value = ErrorStrategyValue.RETRY_ON_ERROR,
            retryCountValue = "${darkroom.events.retry-count}",
            retryDelay = "${darkroom.events.retry-delay}"))
class ImageEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(ImageEventListener.class);

  private final ImageOutcomes outcomes;
  private final EventDeadLetterProducer deadLetters;
  private final ObjectMapper json;
  private final Counter deferred;

  ImageEventListener(
      ImageOutcomes outcomes,
      EventDeadLetterProducer deadLetters,
      ObjectMapper json,
      MeterRegistry metrics) {
    this.outcomes = outcomes;
    this.deadLetters = deadLetters;
    this.json = json;
    this.deferred =
        Counter.builder("darkroom.events.deferred")
            .description("Outcome events not applied yet because the database was away; retried")
            .register(metrics);
  }

  @Topic(Topics.EVENTS)
  void receive(@KafkaKey @Nullable String key, byte[] payload) {
    ImageEvent event;
    try {
      event = json.readValue(payload, ImageEvent.class);
      if (event == null || event.imageId() == null) {
        throw new IllegalArgumentException("no image id");
      }
    } catch (Exception e) {
      LOG.warn(
          "Unreadable event (key {}) sent to {}: {}", key, Topics.EVENTS_DEAD_LETTER, e.toString());
      deadLetters.send(key, payload, String.valueOf(e.getMessage()));
      return;
    }
    try {
      outcomes.apply(event);
    } catch (RuntimeException e) {
      if (TransientFailures.isTransient(e)) {
        deferred.increment();
        if (deferred.count() % 30 == 1) {
          LOG.warn(
              "Image {}: outcome not applied yet, will retry: {}", event.imageId(), e.toString());
        }
        throw e;
      }
      LOG.error(
          "Image {}: outcome could not be applied, sent to {}",
          event.imageId(),
          Topics.EVENTS_DEAD_LETTER,
          e);
      deadLetters.send(key, payload, "could not be applied: " + e);
    }
  }
}
