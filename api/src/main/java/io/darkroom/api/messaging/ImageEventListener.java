package io.darkroom.api.messaging;

import io.darkroom.api.image.ImageService;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.Topics;
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
 * Applies workers' outcomes to images. A database hiccup retries the same record with backoff;
 * offsets are committed only after the record was applied, and applying twice changes nothing. An
 * event that cannot be read goes to the dead-letter topic as it came, and the partition goes on.
 */
@KafkaListener(
    groupId = "darkroom-api",
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
    errorStrategy =
        @ErrorStrategy(
            value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
            retryCount = 12,
            retryDelay = "200ms"))
class ImageEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(ImageEventListener.class);

  private final ImageService images;
  private final EventDeadLetterProducer deadLetters;
  private final ObjectMapper json;

  ImageEventListener(ImageService images, EventDeadLetterProducer deadLetters, ObjectMapper json) {
    this.images = images;
    this.deadLetters = deadLetters;
    this.json = json;
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
    images.recordOutcome(event);
  }
}
