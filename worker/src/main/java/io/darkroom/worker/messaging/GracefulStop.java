package io.darkroom.worker.messaging;

import io.darkroom.worker.job.ProcessImageJob;
import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker does on SIGTERM (a rollout, a scale-in, Ctrl-C), within Micronaut's graceful
 * shutdown period ({@code micronaut.lifecycle.graceful-shutdown.grace-period}): it stops polling
 * (every consumer paused, so it still heartbeats and keeps its partitions until it leaves), lets
 * the images in flight finish and publish their outcomes, and hands back any record it had polled
 * but not started: that record's offset is never committed, so the worker that takes the partition
 * over processes it. Then the consumers close and the group rebalances.
 *
 * <p>The stop is over once every consumer thread is back in its paused poll: micronaut-kafka marks
 * a consumer paused only at the start of a poll, after it committed the offsets of the records
 * before. Closing earlier could cut off the last image's commit and have it processed again.
 */
@Singleton
@Requires(beans = ConsumerRegistry.class)
class GracefulStop implements GracefulShutdownCapable {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
  private static final Executor RECHECK =
      CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

  /** Thrown for a record polled while stopping: it is not processed, nor its offset committed. */
  static final class Stopping extends RuntimeException {
    Stopping(@Nullable String key) {
      super(
          "this worker is stopping: command " + key + " is left to the next owner",
          null,
          false,
          false);
    }
  }

  private final BeanProvider<ConsumerRegistry> consumers;
  private final ProcessImageJob job;
  private volatile boolean stopping;

  GracefulStop(BeanProvider<ConsumerRegistry> consumers, ProcessImageJob job) {
    this.consumers = consumers;
    this.job = job;
  }

  void refuseIfStopping(@Nullable String key) {
    if (stopping) {
      throw new Stopping(key);
    }
  }

  @Override
  public CompletionStage<?> shutdownGracefully() {
    stopping = true;
    consumers.ifPresent(registry -> registry.getConsumerIds().forEach(registry::pause));
    int inFlight = job.inFlight();
    LOG.info(
        "Stopping: no new commands taken; {} image(s) in flight finish before the consumers close",
        inFlight);
    return job.whenIdle()
        .thenCompose(idle -> whenConsumersPaused())
        .thenRun(
            () ->
                LOG.info(
                    "Stopping: every image in flight finished and its offset is committed; closing"
                        + " the consumers"));
  }

  private CompletionStage<Void> whenConsumersPaused() {
    if (consumersPaused()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(() -> {}, RECHECK).thenCompose(x -> whenConsumersPaused());
  }

  /** Whether every consumer polls with its partitions paused (one with none has nothing to do). */
  private boolean consumersPaused() {
    if (!consumers.isPresent()) {
      return true;
    }
    ConsumerRegistry registry = consumers.get();
    return registry.getConsumerIds().stream()
        .allMatch(id -> !hasAssignment(registry, id) || registry.isPaused(id));
  }

  private static boolean hasAssignment(ConsumerRegistry registry, String id) {
    try {
      return !registry.getConsumerAssignment(id).isEmpty();
    } catch (IllegalArgumentException none) {
      return false; // micronaut-kafka's way of saying the consumer has no partition
    }
  }

  @Override
  public OptionalLong reportActiveTasks() {
    return OptionalLong.of(job.inFlight());
  }
}
