package io.darkroom.worker.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code darkroom_worker_give_ups_total{reason}}: commands this worker stopped trying, each a
 * signal for an operator (alert on any). Every reason is registered at 0 when the worker starts, so
 * {@code increase()} sees the first one instead of a series that appears already at 1. The counters
 * live in the registry: instances made from the same registry count together.
 */
public final class GiveUps {
  /** Why a command was given up. */
  public enum Reason {
    /** Deliveries of the image kept ending their worker: it failed as {@code poison_image}. */
    POISON_IMAGE,
    /** The record could not be read as a command (or not as its image's): parked in the DLT. */
    DEAD_LETTER,
    /** A transient failure outlasted every retry: the image failed as retryable. */
    RETRIES_EXHAUSTED;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

  public GiveUps(MeterRegistry registry) {
    for (Reason reason : Reason.values()) {
      counters.put(
          reason,
          Counter.builder("darkroom.worker.give.ups")
              .description(
                  "Commands given up: poison images, dead-lettered records, retries used up")
              .tag("reason", reason.tag())
              .register(registry));
    }
  }

  public void count(Reason reason) {
    counters.get(reason).increment();
  }
}
