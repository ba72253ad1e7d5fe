package io.darkroom.worker.job;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * The job's meters, in Prometheus' names: {@code darkroom_worker_images_total{outcome,code}} and
 * {@code darkroom_worker_processing_seconds{outcome}}, the time of each stage of an image that
 * succeeded as a histogram ({@code darkroom_stage_seconds{stage}}: download, decode, resize,
 * encode, store), the images being processed now ({@code darkroom_worker_images_in_flight}) and
 * {@code darkroom_worker_transient_failures_total}.
 */
final class JobMetrics {
  /** The stages operators read, each from the timings the outcome event carries. */
  private static final Map<String, ToLongFunction<ImageProcessed.Timings>> STAGES =
      Map.of(
          "download", ImageProcessed.Timings::readMs,
          "decode", ImageProcessed.Timings::decodeMs,
          "resize", ImageProcessed.Timings::resizeMs,
          "encode", ImageProcessed.Timings::encodeMs,
          "store", ImageProcessed.Timings::writeMs);

  private final MeterRegistry registry;
  private final Counter transientFailures;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<CompletableFuture<Void>> idle = new CopyOnWriteArrayList<>();

  JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.transientFailures =
        Counter.builder("darkroom.worker.transient.failures")
            .description("Attempts that failed on storage and will be retried")
            .register(registry);
    Gauge.builder("darkroom.worker.images.in.flight", inFlight, AtomicInteger::get)
        .description("Images this worker is processing now")
        .register(registry);
    // every series at 0 from the start, so a ratio or increase() over them counts the first
    // failure of a code too (a series born at 1 would hide it)
    images("succeeded", "none");
    for (FailureCode code : FailureCode.values()) {
      images("failed", code.wireName());
    }
  }

  private Counter images(String outcome, String code) {
    return Counter.builder("darkroom.worker.images")
        .description("Images processed, by outcome and failure code")
        .tags("outcome", outcome, "code", code)
        .register(registry);
  }

  void transientFailure() {
    transientFailures.increment();
  }

  /** An image is taken; {@link #finished} is called whatever becomes of the attempt. */
  void started() {
    inFlight.incrementAndGet();
  }

  void finished() {
    if (inFlight.decrementAndGet() == 0) {
      idle.forEach(waiting -> waiting.complete(null));
      idle.clear();
    }
  }

  /** Completes when no image is being processed (at once if none is now). */
  CompletionStage<Void> whenIdle() {
    CompletableFuture<Void> waiting = new CompletableFuture<>();
    idle.add(waiting);
    if (inFlight.get() == 0) {
      waiting.complete(null);
      idle.remove(waiting);
    }
    return waiting;
  }

  int inFlight() {
    return inFlight.get();
  }

  /** An outcome was published, {@code started} (System.nanoTime) after the command arrived. */
  void outcome(ImageEvent outcome, long started) {
    String result = outcome instanceof ImageProcessed ? "succeeded" : "failed";
    String code =
        outcome instanceof ImageProcessingFailed failed ? failed.code().wireName() : "none";
    images(result, code).increment();
    registry
        .timer("darkroom.worker.processing", "outcome", result)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    if (outcome instanceof ImageProcessed processed && processed.timings() != null) {
      STAGES.forEach(
          (stage, millis) ->
              Timer.builder("darkroom.stage")
                  .description("Worker time per stage of an image that succeeded")
                  .tag("stage", stage)
                  .publishPercentileHistogram()
                  .register(registry)
                  .record(millis.applyAsLong(processed.timings()), TimeUnit.MILLISECONDS));
    }
  }
}
