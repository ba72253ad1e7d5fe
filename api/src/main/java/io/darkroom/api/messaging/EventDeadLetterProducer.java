package io.darkroom.api.messaging;

import io.darkroom.schema.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.messaging.annotation.MessageHeader;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Parks events that cannot even be read, byte for byte, with the reason in a header. */
@KafkaClient(id = "dead-letters")
interface EventDeadLetterProducer {
  @Topic(Topics.EVENTS_DEAD_LETTER)
  RecordMetadata send(
      @KafkaKey @Nullable String key,
      byte[] payload,
      @MessageHeader("x-dead-letter-reason") String reason);
}
