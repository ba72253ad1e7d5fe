package io.darkroom.worker.messaging;

import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes outcomes and returns once the broker has them (acks=all), before the command is
 * committed.
 */
@KafkaClient(id = "events")
interface ImageEventProducer {
  @Topic(Topics.EVENTS)
  RecordMetadata publish(@KafkaKey String imageId, ImageEvent event);

  /** The same topic and key, so a notice and the outcome after it keep their order. */
  @Topic(Topics.EVENTS)
  CompletableFuture<RecordMetadata> publishAsync(@KafkaKey String imageId, ImageEvent event);
}
