package io.darkroom.worker.job;

import io.darkroom.schema.ImageEvent;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventSink} that keeps what it was given, for unit tests. */
public final class RecordingEventSink implements EventSink {
  private final List<ImageEvent> published = new ArrayList<>();
  private final List<ImageEvent> notices = new ArrayList<>();

  @Override
  public void publish(ImageEvent event) {
    published.add(event);
  }

  @Override
  public void notify(ImageEvent event) {
    notices.add(event);
  }

  /** Outcomes, in the order they were published. */
  public List<ImageEvent> published() {
    return published;
  }

  /** Progress notices, in the order they were sent. */
  public List<ImageEvent> notices() {
    return notices;
  }
}
