package io.darkroom.worker.job;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.worker.pipeline.ProcessingFailure;
import io.darkroom.worker.storage.ObjectStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Copies a command's original from storage into a local temporary file, never more than {@code
 * maxSourceBytes}: its stored size is checked first, and the copy is cut off one byte past the
 * limit in case the object grew since.
 */
final class OriginalFetcher {
  private final ObjectStorage storage;
  private final long maxSourceBytes;

  OriginalFetcher(ObjectStorage storage, long maxSourceBytes) {
    this.storage = storage;
    this.maxSourceBytes = maxSourceBytes;
  }

  /** The original as a local file; the caller closes it, which deletes the file. */
  LocalOriginal fetch(ProcessImageCommand command) throws ProcessingFailure {
    ProcessImageCommand.SourceObject source = command.source();
    checkStoredSize(storage.size(source.bucket(), source.key()));
    Path file = tempFile(command.imageId());
    boolean fetched = false;
    try {
      long started = System.nanoTime();
      long copied = storage.download(source.bucket(), source.key(), file, maxSourceBytes);
      checkCopiedSize(copied);
      fetched = true;
      return new LocalOriginal(file, (System.nanoTime() - started) / 1_000_000);
    } finally {
      if (!fetched) {
        LocalOriginal.delete(file);
      }
    }
  }

  private void checkStoredSize(OptionalLong size) throws ProcessingFailure {
    if (size.isEmpty()) {
      throw new ProcessingFailure(
          FailureCode.SOURCE_MISSING, "The original is no longer in storage.");
    }
    if (size.getAsLong() > maxSourceBytes) {
      throw new ProcessingFailure(
          FailureCode.SOURCE_TOO_LARGE,
          "The original has "
              + size.getAsLong()
              + " bytes; at most "
              + maxSourceBytes
              + " are processed.");
    }
  }

  private void checkCopiedSize(long copied) throws ProcessingFailure {
    if (copied > maxSourceBytes) {
      throw new ProcessingFailure(
          FailureCode.SOURCE_TOO_LARGE,
          "The original has more than "
              + maxSourceBytes
              + " bytes; at most that many are processed.");
    }
  }

  private static Path tempFile(UUID imageId) {
    try {
      return Files.createTempFile("darkroom-" + imageId, ".src");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary space for the source", e);
    }
  }
}
