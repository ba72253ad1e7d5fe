package io.darkroom.worker.job;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ImageProcessingStarted;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.worker.pipeline.PipelineResult;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events the job reports about a command: each answers the command's message id. */
final class ImageEvents {
  private ImageEvents() {}

  /** The notice that this worker took the command. */
  static ImageProcessingStarted started(ProcessImageCommand command) {
    return new ImageProcessingStarted(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        command.messageId(),
        command.imageId(),
        command.ownerId(),
        Instant.now());
  }

  static ImageProcessed processed(
      ProcessImageCommand command,
      PipelineResult result,
      long sourceBytes,
      List<ImageProcessed.Rendition> written,
      ImageProcessed.Timings timings) {
    return new ImageProcessed(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        command.messageId(),
        command.imageId(),
        command.ownerId(),
        new ImageProcessed.SourceInfo(
            result.sourceWidth(), result.sourceHeight(), result.sourceFormat(), sourceBytes),
        written,
        timings,
        Instant.now());
  }

  static ImageProcessingFailed failed(
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
}
