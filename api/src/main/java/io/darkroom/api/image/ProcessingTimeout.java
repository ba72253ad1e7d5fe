package io.darkroom.api.image;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last guard against an image waiting for ever: one that has had no outcome for {@code
 * darkroom.processing.timeout} fails with {@code processing_timeout} (retryable), whatever went
 * wrong on the way (a command or event lost, a worker that could not even report its failure). A
 * worker's outcome that arrives later still replaces it. Nothing is resent: under overload that
 * would only add work.
 */
@Singleton
class ProcessingTimeout {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessingTimeout.class);
  private static final int BATCH = 500;

  private final ImageRepository images;
  private final Duration timeout;

  ProcessingTimeout(
      ImageRepository images, @Value("${darkroom.processing.timeout}") Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("darkroom.processing.timeout must be positive");
    }
    this.images = images;
    this.timeout = timeout;
  }

  @Scheduled(fixedDelay = "${darkroom.processing.timeout-check-interval}", initialDelay = "10s")
  void failTimedOut() {
    try {
      String detail =
          "No worker reported an outcome within " + readable(timeout) + "; retry it later.";
      int failed;
      int total = 0;
      do {
        failed = images.failTimedOut(Instant.now().minus(timeout), detail, BATCH);
        total += failed;
      } while (failed == BATCH);
      if (total > 0) {
        // The job doing its work, not a fault of its own: each image shows the reason, and the
        // backlog gauges show what still waits.
        LOG.info("{} image(s) failed as processing_timeout: no outcome within {}", total, timeout);
      }
    } catch (RuntimeException e) {
      LOG.warn("Timing out unfinished images failed, will retry: {}", e.toString());
    }
  }

  private static String readable(Duration duration) {
    if (duration.toSecondsPart() != 0 || duration.toMinutes() == 0) {
      return duration.toSeconds() + " s";
    }
    return duration.toMinutesPart() == 0
        ? duration.toHours() + " h"
        : duration.toMinutes() + " min";
  }
}
