package io.darkroom.worker.job;

import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The job's meters: {@code darkroom.worker.images} and {@code darkroom.worker.processing} by
 * outcome, and {@code darkroom.worker.transient.failures}.
 */
final class JobMetrics {
  private final MeterRegistry registry;
  private final Counter transientFailures;

  JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.transientFailures =
        Counter.builder("darkroom.worker.transient.failures")
            .description("Attempts that failed on storage and will be retried")
            .register(registry);
  }

  void transientFailure() {
    transientFailures.increment();
  }

  /** An outcome was published, {@code started} (System.nanoTime) after the command arrived. */
  void outcome(ImageEvent outcome, long started) {
    String result = outcome instanceof ImageProcessed ? "succeeded" : "failed";
    registry.counter("darkroom.worker.images", "outcome", result).increment();
    registry
        .timer("darkroom.worker.processing", "outcome", result)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }
}
