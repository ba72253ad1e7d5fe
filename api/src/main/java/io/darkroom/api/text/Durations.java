package io.darkroom.api.text;

import java.time.Duration;

/** A configured bound as a person would say it in a message: {@code 90 s}, {@code 15 min}. */
public final class Durations {
  private Durations() {}

  /** Whole days (from 2), hours or minutes when the bound is one, seconds otherwise. */
  public static String readable(Duration duration) {
    if (duration.toSecondsPart() != 0 || duration.toMinutes() == 0) {
      return duration.toSeconds() + " s";
    }
    if (duration.toMinutesPart() != 0) {
      return duration.toMinutes() + " min";
    }
    return duration.toHoursPart() == 0 && duration.toDays() >= 2
        ? duration.toDays() + " days"
        : duration.toHours() + " h";
  }
}
