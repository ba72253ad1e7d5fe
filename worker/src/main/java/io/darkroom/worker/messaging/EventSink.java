package io.darkroom.worker.messaging;

import io.darkroom.schema.ImageEvent;

/** Where the handler reports outcomes; Kafka in production, a list in unit tests. */
interface EventSink {
  void publish(ImageEvent event);
}
