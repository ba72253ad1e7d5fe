package io.darkroom.api.messaging;

import io.darkroom.api.image.ImageService;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Applies workers' outcomes to images. A database hiccup retries the same record with backoff;
 * offsets are committed only after the record was applied, and applying twice changes nothing.
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
  private final ImageService images;

  ImageEventListener(ImageService images) {
    this.images = images;
  }

  @Topic(Topics.EVENTS)
  void receive(ImageEvent event) {
    images.recordOutcome(event);
  }
}
