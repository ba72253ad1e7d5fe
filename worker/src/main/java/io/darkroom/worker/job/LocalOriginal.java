package io.darkroom.worker.job;

import java.io.IOException;
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
