package io.darkroom.worker.job;

import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.worker.storage.ObjectStorage;
import io.darkroom.worker.storage.StorageException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the deliveries of an image's command that never finished, in storage rather than in a
 * worker's memory: a file that kills its worker (out of memory with ExitOnOutOfMemoryError, a
 * crash, kill -9) or wedges it past the poll interval is delivered again to the next worker, and
 * would take the whole group down one by one. Each delivery records itself before processing and is
 * erased once it finishes in any way the worker survives (an outcome published, or a transient
 * failure left to the retries); only the deliveries a worker did not survive remain.
 *
 * <p>The count is read and written without a lock: one partition (so one image) is handled by one
 * worker at a time, and a race during a rebalance can only miscount by one.
 */
final class UnfinishedAttempts {
  private static final Logger LOG = LoggerFactory.getLogger(UnfinishedAttempts.class);

  private final ObjectStorage storage;

  UnfinishedAttempts(ObjectStorage storage) {
    this.storage = storage;
  }

  /** Records this delivery; returns how many earlier ones never finished. */
  int begin(ProcessImageCommand command) {
    String key = ImageKeys.unfinishedAttempts(command);
    int earlier =
        storage.readText(storage.processedBucket(), key).map(UnfinishedAttempts::parse).orElse(0);
    storage.put(
        storage.processedBucket(),
        key,
        String.valueOf(earlier + 1).getBytes(StandardCharsets.UTF_8),
        "text/plain");
    return earlier;
  }

  /**
   * This delivery finished: erase the count. Best effort: if storage is away the count stays one
   * too high, which only matters if it happens again on every later delivery.
   */
  void finish(ProcessImageCommand command) {
    try {
      storage.remove(storage.processedBucket(), ImageKeys.unfinishedAttempts(command));
    } catch (StorageException e) {
      LOG.warn(
          "Image {}: could not erase its attempt count: {}", command.imageId(), e.getMessage());
    }
  }

  private static int parse(String text) {
    try {
      return Math.max(0, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
