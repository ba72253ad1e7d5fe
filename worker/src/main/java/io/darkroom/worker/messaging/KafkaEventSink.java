package io.darkroom.worker.messaging;

import io.darkroom.schema.ImageEvent;
import io.darkroom.worker.job.EventSink;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The job's {@link EventSink} on the events topic, keyed by image id. */
@Singleton
final class KafkaEventSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);
  private final ImageEventProducer producer;

  KafkaEventSink(ImageEventProducer producer) {
    this.producer = producer;
  }

  @Override
  public void publish(ImageEvent event) {
    producer.publish(event.imageId().toString(), event);
  }

  @Override
  public void notify(ImageEvent event) {
    producer
        .publishAsync(event.imageId().toString(), event)
        .whenComplete(
            (sent, failure) -> {
              if (failure != null) {
                LOG.warn(
                    "Image {}: progress notice not sent: {}", event.imageId(), failure.toString());
              }
            });
  }
}
