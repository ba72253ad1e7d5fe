package io.darkroom.worker.job;

import io.darkroom.schema.ImageEvent;

/** Where the job reports outcomes: Kafka in production, a list in unit tests. */
public interface EventSink {
  /** Publishes an outcome and returns once the broker has it. */
  void publish(ImageEvent event);

  /**
   * Publishes a progress notice without waiting: a notice that cannot be sent never holds up or
   * fails the image (its outcome follows on the same partition, in order).
   */
  void notify(ImageEvent event);
}
