package io.darkroom.worker.job;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.worker.fetch.RemoteOriginals;
import io.darkroom.worker.pipeline.ImagePipeline;
import io.darkroom.worker.pipeline.PipelineLimits;
import io.darkroom.worker.pipeline.PipelineResult;
import io.darkroom.worker.pipeline.ProcessingFailure;
import io.darkroom.worker.storage.ObjectStorage;
import io.darkroom.worker.storage.StorageException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Processes one image command end to end and always ends in exactly one outcome event, or in an
 * exception that is worth retrying: a permanent problem (bad image, limits) becomes {@link
 * ImageProcessingFailed}; storage being away is thrown as {@link StorageException} so the caller
 * retries with backoff; anything unexpected is reported as an internal failure rather than left to
 * stall the partition.
 */
@Singleton
public class ProcessImageJob {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessImageJob.class);

  private final UnfinishedAttempts attempts;
  private final OriginalFetcher originals;
  private final RemoteOriginals remote;
  private final ImagePipeline pipeline;
  private final RenditionWriter renditions;
  private final EventSink events;
  private final JobMetrics metrics;
  private final GiveUps giveUps;
  private final int maxUnfinishedAttempts;

  public ProcessImageJob(
      ObjectStorage storage,
      RemoteOriginals remote,
      ImagePipeline pipeline,
      PipelineLimits limits,
      EventSink events,
      MeterRegistry metrics,
      WorkerConfiguration config) {
    this.attempts = new UnfinishedAttempts(storage);
    this.originals = new OriginalFetcher(storage, limits.maxSourceBytes());
    this.remote = remote;
    this.pipeline = pipeline;
    this.renditions = new RenditionWriter(storage);
    this.events = events;
    this.metrics = new JobMetrics(metrics);
    this.giveUps = new GiveUps(metrics);
    this.maxUnfinishedAttempts = config.maxUnfinishedAttempts();
  }

  /** How many images this worker is processing now. */
  public int inFlight() {
    return metrics.inFlight();
  }

  /** Completes when no image is being processed any more (at once if none is now). */
  public CompletionStage<Void> whenIdle() {
    return metrics.whenIdle();
  }

  /**
   * Processes the command and publishes its outcome.
   *
   * @throws StorageException when storage is away: nothing was published, retry with backoff
   */
  public void run(ProcessImageCommand command) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("imageId", command.imageId().toString())) {
      runInContext(command);
    }
  }

  /**
   * Retries are exhausted for a transient failure: report the image failed, but retryable, so it
   * does not stay pending with nobody working on it.
   */
  public void giveUp(ProcessImageCommand command, Throwable cause) {
    LOG.error("Image {}: giving up after retries: {}", command.imageId(), String.valueOf(cause));
    giveUps.count(GiveUps.Reason.RETRIES_EXHAUSTED);
    boolean storage = causedByStorage(cause);
    events.publish(
        ImageEvents.failed(
            command,
            storage ? FailureCode.STORAGE_UNAVAILABLE : FailureCode.INTERNAL_ERROR,
            storage
                ? "Storage was unreachable through every retry; retry it later."
                : "The outcome could not be published through every retry; retry it later.",
            true));
  }

  private void runInContext(ProcessImageCommand command) {
    long started = System.nanoTime();
    metrics.started();
    try {
      int unfinished = beginAttempt(command);
      announceStart(command);
      ImageEvent outcome;
      try {
        outcome = outcomeOf(command, unfinished, started);
      } finally {
        // Reached whenever this worker survives the attempt, before anything is published: only
        // the deliveries that ended a worker stay counted.
        attempts.finish(command);
      }
      events.publish(outcome);
      metrics.outcome(outcome, started);
    } finally {
      metrics.finished();
    }
  }

  /** Records this delivery; returns how many earlier ones ended their worker. */
  private int beginAttempt(ProcessImageCommand command) {
    try {
      return attempts.begin(command);
    } catch (StorageException e) {
      throw retryLater(command, e);
    }
  }

  /** Tells that a worker took the command; a notice that cannot be sent never fails the image. */
  private void announceStart(ProcessImageCommand command) {
    try {
      events.notify(ImageEvents.started(command));
    } catch (RuntimeException e) {
      LOG.warn("Image {}: progress notice not sent: {}", command.imageId(), e.toString());
    }
  }

  private ImageEvent outcomeOf(ProcessImageCommand command, int unfinished, long started) {
    try {
      refuseIfPoison(command, unfinished);
      return process(command, started);
    } catch (StorageException e) {
      throw retryLater(command, e);
    } catch (ProcessingFailure failure) {
      LOG.info(
          "Image {} failed: {} ({})",
          command.imageId(),
          failure.code().wireName(),
          failure.getMessage());
      return ImageEvents.failed(command, failure.code(), failure.getMessage(), failure.retryable());
    } catch (RuntimeException | OutOfMemoryError e) {
      LOG.error("Image {} failed unexpectedly", command.imageId(), e);
      return ImageEvents.failed(
          command, FailureCode.INTERNAL_ERROR, "The worker failed unexpectedly.", true);
    }
  }

  private void refuseIfPoison(ProcessImageCommand command, int unfinished)
      throws ProcessingFailure {
    if (unfinished >= maxUnfinishedAttempts) {
      LOG.error(
          "Image {}: {} earlier deliveries ended their worker; failing it as poison",
          command.imageId(),
          unfinished);
      giveUps.count(GiveUps.Reason.POISON_IMAGE);
      throw new ProcessingFailure(
          FailureCode.POISON_IMAGE,
          "Processing this image stopped a worker "
              + unfinished
              + " times; it is not tried again.");
    }
  }

  /** Storage is away: counted, and thrown on for the caller to retry with backoff. */
  private StorageException retryLater(ProcessImageCommand command, StorageException e) {
    metrics.transientFailure();
    LOG.warn("Image {}: storage unavailable, will retry: {}", command.imageId(), e.getMessage());
    return e;
  }

  private ImageEvent process(ProcessImageCommand command, long started) throws ProcessingFailure {
    try (LocalOriginal original = localOriginal(command)) {
      PipelineResult result = pipeline.process(original.file(), command.renditions());
      long writeStarted = System.nanoTime();
      List<ImageProcessed.Rendition> written = renditions.store(command, result.renditions());
      long writeMs = millisSince(writeStarted);
      long totalMs = millisSince(started);
      logProcessed(command, result, written.size(), totalMs);
      return ImageEvents.processed(
          command,
          result,
          original.bytes(),
          written,
          new ImageProcessed.Timings(
              original.readMs(),
              result.decodeMs(),
              result.resizeMs(),
              result.encodeMs(),
              writeMs,
              totalMs));
    }
  }

  /**
   * The original as a local file: fetched from its URL first for an imported image whose original
   * no earlier delivery stored, else read from storage.
   */
  private LocalOriginal localOriginal(ProcessImageCommand command) throws ProcessingFailure {
    Optional<RemoteOriginals.Fetched> fetched = remote.fetchIfNeeded(command);
    if (fetched.isPresent()) {
      return new LocalOriginal(fetched.get().file(), fetched.get().fetchMs());
    }
    return originals.fetch(command);
  }

  private static void logProcessed(
      ProcessImageCommand command, PipelineResult result, int renditions, long totalMs) {
    LOG.info(
        "Image {} processed: {}x{} {}, {} renditions in {} ms",
        command.imageId(),
        result.sourceWidth(),
        result.sourceHeight(),
        result.sourceFormat().wireName(),
        renditions,
        totalMs);
  }

  private static boolean causedByStorage(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof StorageException) {
        return true;
      }
    }
    return false;
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
