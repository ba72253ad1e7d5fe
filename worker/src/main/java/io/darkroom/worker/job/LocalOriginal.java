package io.darkroom.worker.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An original copied into a local temporary file, deleted on close.
 *
 * @param readMs how long the copy took
 */
record LocalOriginal(Path file, long readMs) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalOriginal.class);

  /** The original's size in bytes. */
  long bytes() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    delete(file);
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete {}", file);
    }
  }
}
