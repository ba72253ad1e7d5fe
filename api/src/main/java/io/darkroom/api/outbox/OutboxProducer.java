package io.darkroom.api.outbox;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends already-serialised outbox payloads; acks=all and idempotence come from {@code
 * kafka.producers.outbox}.
 */
@KafkaClient(id = "outbox")
interface OutboxProducer {
  CompletableFuture<RecordMetadata> send(@Topic String topic, @KafkaKey String key, String payload);
}
