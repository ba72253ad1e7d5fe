package io.darkroom.worker.messaging;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ImageProcessingStarted;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.worker.pipeline.ImagePipeline;
import io.darkroom.worker.pipeline.PipelineLimits;
import io.darkroom.worker.pipeline.PipelineResult;
import io.darkroom.worker.pipeline.ProcessingFailure;
import io.darkroom.worker.pipeline.RenderedImage;
import io.darkroom.worker.storage.ObjectStore;
import io.darkroom.worker.storage.StorageUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Processes one command end to end and always ends in exactly one event, or in an exception that is
 * worth retrying: a permanent problem (bad image, limits) becomes {@link ImageProcessingFailed};
 * storage being away is thrown as {@link StorageUnavailableException} so the listener retries with
 * backoff; anything unexpected is reported as an internal failure rather than left to stall the
 * partition.
 */
@Singleton
class CommandHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

  private final ObjectStore storage;
  private final ImagePipeline pipeline;
  private final PipelineLimits limits;
  private final EventSink events;
  private final MeterRegistry metrics;
  private final Counter transientFailures;
  private final UnfinishedAttempts attempts;
  private final int maxUnfinishedAttempts;

  CommandHandler(
      ObjectStore storage,
      ImagePipeline pipeline,
      PipelineLimits limits,
      EventSink events,
      MeterRegistry metrics,
      UnfinishedAttempts attempts,
      @Value("${darkroom.worker.max-unfinished-attempts}") int maxUnfinishedAttempts) {
    if (maxUnfinishedAttempts < 1) {
      throw new IllegalArgumentException(
          "darkroom.worker.max-unfinished-attempts must be 1 or more");
    }
    this.attempts = attempts;
    this.maxUnfinishedAttempts = maxUnfinishedAttempts;
    this.storage = storage;
    this.pipeline = pipeline;
    this.limits = limits;
    this.events = events;
    this.metrics = metrics;
    this.transientFailures =
        Counter.builder("darkroom.worker.transient.failures")
            .description("Attempts that failed on storage and will be retried")
            .register(metrics);
  }

  void handle(ProcessImageCommand command) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("imageId", command.imageId().toString())) {
      handleInContext(command);
    }
  }

  private void handleInContext(ProcessImageCommand command) {
    long started = System.nanoTime();
    int unfinished;
    try {
      unfinished = attempts.begin(command);
    } catch (StorageUnavailableException e) {
      throw retryLater(command, e);
    }
    try {
      events.notify(
          new ImageProcessingStarted(
              SchemaVersion.CURRENT,
              UUID.randomUUID(),
              command.messageId(),
              command.imageId(),
              command.ownerId(),
              Instant.now()));
    } catch (RuntimeException e) {
      LOG.warn("Image {}: progress notice not sent: {}", command.imageId(), e.toString());
    }
    ImageEvent outcome;
    try {
      outcome = outcomeOf(command, unfinished, started);
    } finally {
      // Reached whenever this worker survives the attempt, before anything is published: only the
      // deliveries that ended a worker stay counted.
      attempts.finish(command);
    }
    events.publish(outcome);
    String result = outcome instanceof ImageProcessed ? "succeeded" : "failed";
    metrics.counter("darkroom.worker.images", "outcome", result).increment();
    metrics
        .timer("darkroom.worker.processing", "outcome", result)
        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private ImageEvent outcomeOf(ProcessImageCommand command, int unfinished, long started) {
    try {
      if (unfinished >= maxUnfinishedAttempts) {
        LOG.error(
            "Image {}: {} earlier deliveries ended their worker; failing it as poison",
            command.imageId(),
            unfinished);
        throw new ProcessingFailure(
            FailureCode.POISON_IMAGE,
            "Processing this image stopped a worker "
                + unfinished
                + " times; it is not tried again.");
      }
      return process(command, started);
    } catch (StorageUnavailableException e) {
      throw retryLater(command, e);
    } catch (ProcessingFailure failure) {
      LOG.info(
          "Image {} failed: {} ({})",
          command.imageId(),
          failure.code().wireName(),
          failure.getMessage());
      return failed(command, failure.code(), failure.getMessage(), false);
    } catch (RuntimeException | OutOfMemoryError e) {
      LOG.error("Image {} failed unexpectedly", command.imageId(), e);
      return failed(command, FailureCode.INTERNAL_ERROR, "The worker failed unexpectedly.", true);
    }
  }

  /** Storage is away: counted, and thrown on for the listener to retry with backoff. */
  private StorageUnavailableException retryLater(
      ProcessImageCommand command, StorageUnavailableException e) {
    transientFailures.increment();
    LOG.warn("Image {}: storage unavailable, will retry: {}", command.imageId(), e.getMessage());
    return e;
  }

  /**
   * Retries are exhausted for a transient failure: report the image failed, but retryable, so it
   * does not stay pending with nobody working on it.
   */
  void giveUp(ProcessImageCommand command, Throwable cause) {
    LOG.error("Image {}: giving up after retries: {}", command.imageId(), String.valueOf(cause));
    boolean storage = causedByStorage(cause);
    events.publish(
        failed(
            command,
            storage ? FailureCode.STORAGE_UNAVAILABLE : FailureCode.INTERNAL_ERROR,
            storage
                ? "Storage was unreachable through every retry; retry it later."
                : "The outcome could not be published through every retry; retry it later.",
            true));
  }

  private static boolean causedByStorage(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof StorageUnavailableException) {
        return true;
      }
    }
    return false;
  }

  private ImageEvent process(ProcessImageCommand command, long started) throws ProcessingFailure {
    ProcessImageCommand.SourceObject source = command.source();
    OptionalLong size = storage.size(source.bucket(), source.key());
    if (size.isEmpty()) {
      throw new ProcessingFailure(
          FailureCode.SOURCE_MISSING, "The original is no longer in storage.");
    }
    if (size.getAsLong() > limits.maxSourceBytes()) {
      throw new ProcessingFailure(
          FailureCode.SOURCE_TOO_LARGE,
          "The original has "
              + size.getAsLong()
              + " bytes; at most "
              + limits.maxSourceBytes()
              + " are processed.");
    }
    Path file = tempFile(command.imageId());
    try {
      long r0 = System.nanoTime();
      long copied = storage.download(source.bucket(), source.key(), file, limits.maxSourceBytes());
      if (copied > limits.maxSourceBytes()) {
        throw new ProcessingFailure(
            FailureCode.SOURCE_TOO_LARGE,
            "The original has more than "
                + limits.maxSourceBytes()
                + " bytes; at most that many are processed.");
      }
      long readMs = (System.nanoTime() - r0) / 1_000_000;
      PipelineResult result = pipeline.process(file, command.renditions());
      long w0 = System.nanoTime();
      List<ImageProcessed.Rendition> written = new ArrayList<>();
      for (RenderedImage r : result.renditions()) {
        String key = ObjectKeys.rendition(imagePrefix(command), r.name(), r.format());
        storage.put(storage.processedBucket(), key, r.data(), r.format().mediaType());
        written.add(
            new ImageProcessed.Rendition(
                r.name(),
                storage.processedBucket(),
                key,
                r.width(),
                r.height(),
                r.format(),
                r.data().length));
      }
      long writeMs = (System.nanoTime() - w0) / 1_000_000;
      long totalMs = (System.nanoTime() - started) / 1_000_000;
      LOG.info(
          "Image {} processed: {}x{} {}, {} renditions in {} ms",
          command.imageId(),
          result.sourceWidth(),
          result.sourceHeight(),
          result.sourceFormat().wireName(),
          written.size(),
          totalMs);
      return new ImageProcessed(
          SchemaVersion.CURRENT,
          UUID.randomUUID(),
          command.messageId(),
          command.imageId(),
          command.ownerId(),
          new ImageProcessed.SourceInfo(
              result.sourceWidth(), result.sourceHeight(), result.sourceFormat()),
          written,
          new ImageProcessed.Timings(
              readMs, result.decodeMs(), result.resizeMs(), result.encodeMs(), writeMs, totalMs),
          Instant.now());
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Could not delete {}", file);
      }
    }
  }

  private static ImageProcessingFailed failed(
      ProcessImageCommand command, FailureCode code, String detail, boolean retryable) {
    return new ImageProcessingFailed(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        command.messageId(),
        command.imageId(),
        command.ownerId(),
        code,
        detail,
        retryable,
        Instant.now());
  }

  /** Where the image's objects are: beside the original the api recorded, never elsewhere. */
  static String imagePrefix(ProcessImageCommand command) {
    return ObjectKeys.prefixOfOriginal(command.source().key(), command.imageId());
  }

  private static Path tempFile(UUID imageId) {
    try {
      return Files.createTempFile("darkroom-" + imageId, ".src");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary space for the source", e);
    }
  }
}
