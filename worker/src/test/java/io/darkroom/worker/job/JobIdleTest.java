package io.darkroom.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What a stopping worker waits for: the moment no image is in flight any more. */
class JobIdleTest {
  private final JobMetrics metrics = new JobMetrics(new SimpleMeterRegistry());

  @Test
  void shouldBeIdleAtOnceWithNothingInFlight() {
    assertThat(metrics.whenIdle().toCompletableFuture()).isDone();
  }

  @Test
  void shouldBecomeIdleWhenTheLastImageInFlightFinishes() {
    metrics.started();
    metrics.started();
    CompletableFuture<Void> idle = metrics.whenIdle().toCompletableFuture();

    metrics.finished();
    assertThat(idle).as("one image is still in flight").isNotDone();
    assertThat(metrics.inFlight()).isEqualTo(1);

    metrics.finished();
    assertThat(idle).isDone();
    assertThat(metrics.inFlight()).isZero();
  }
}
