package io.darkroom.worker.messaging;

import io.darkroom.schema.ImageEvent;
import jakarta.inject.Singleton;

@Singleton
final class KafkaEventSink implements EventSink {
  private final ImageEventProducer producer;

  KafkaEventSink(ImageEventProducer producer) {
    this.producer = producer;
  }

  @Override
  public void publish(ImageEvent event) {
    producer.publish(event.imageId().toString(), event);
  }
}
