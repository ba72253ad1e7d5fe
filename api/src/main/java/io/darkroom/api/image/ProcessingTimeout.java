package io.darkroom.api.image;

import io.darkroom.api.text.Durations;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last guard against an image waiting for ever, with two clocks:
 *
 * <ul>
 *   <li>a worker took its command ({@code processing}) and reported no outcome within {@code
 *       darkroom.processing.timeout} of starting: it died, or its outcome was lost (a worker that
 *       dies hands its partitions on and the command is delivered again, which starts the clock
 *       again);
 *   <li>no worker took its command ({@code pending}) within {@code
 *       darkroom.processing.queue-timeout} of the request: the command is taken to be lost. This
 *       bound is the longest backlog the deployment is meant to absorb; an image merely queued
 *       behind a shorter one is never failed.
 * </ul>
 *
 * Either fails the image with {@code processing_timeout} (retryable); a worker's outcome that
 * arrives later still replaces it. Nothing is resent: under overload that would only add work.
 */
@Singleton
class ProcessingTimeout {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessingTimeout.class);
  private static final int BATCH = 500;

  private final ImageRepository images;
  private final Duration timeout;
  private final Duration queueTimeout;

  ProcessingTimeout(ImageRepository images, ProcessingConfiguration configuration) {
    this.images = images;
    this.timeout = configuration.timeout();
    this.queueTimeout = configuration.queueTimeout();
  }

  @Scheduled(fixedDelay = "${darkroom.processing.timeout-check-interval}", initialDelay = "10s")
  void failTimedOut() {
    try {
      String started =
          "No worker reported an outcome within "
              + Durations.readable(timeout)
              + " of starting; retry it.";
      String queued =
          "No worker took it within "
              + Durations.readable(queueTimeout)
              + " of the request; retry it.";
      Instant now = Instant.now();
      int total =
          drain(limit -> images.failStartedBefore(now.minus(timeout), started, limit))
              + drain(limit -> images.failQueuedBefore(now.minus(queueTimeout), queued, limit));
      if (total > 0) {
        // The job doing its work, not a fault of its own: each image shows the reason, and the
        // backlog gauges show what still waits.
        LOG.info("{} image(s) failed as processing_timeout", total);
      }
    } catch (RuntimeException e) {
      LOG.warn("Timing out unfinished images failed, will retry: {}", e.toString());
    }
  }

  private static int drain(IntUnaryOperator failBatch) {
    int total = 0;
    int failed;
    do {
      failed = failBatch.applyAsInt(BATCH);
      total += failed;
    } while (failed == BATCH);
    return total;
  }
}
