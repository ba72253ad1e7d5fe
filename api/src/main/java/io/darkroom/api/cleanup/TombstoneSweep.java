package io.darkroom.api.cleanup;

import io.darkroom.api.storage.ObjectStorage;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears the prefix of each deleted image once its grace is over (what a worker or a client wrote
 * after the deletion), then forgets it. Idempotent: a sweep cut short is done again.
 */
@Singleton
class TombstoneSweep {
  private static final Logger LOG = LoggerFactory.getLogger(TombstoneSweep.class);
  private static final int BATCH = 100;

  private final TombstoneRepository tombstones;
  private final ObjectStorage storage;

  TombstoneSweep(TombstoneRepository tombstones, ObjectStorage storage) {
    this.tombstones = tombstones;
    this.storage = storage;
  }

  @Scheduled(fixedDelay = "${darkroom.cleanup.sweep-interval}", initialDelay = "20s")
  void sweep() {
    try {
      sweepDue(Instant.now());
    } catch (RuntimeException e) {
      LOG.warn("Sweeping deleted images failed, will retry: {}", e.toString());
    }
  }

  /**
   * Clears and forgets every deleted image whose grace ended before {@code now}.
   *
   * @return how many were swept
   */
  int sweepDue(Instant now) {
    int swept = 0;
    List<Tombstone> due;
    do {
      due = tombstones.findDue(now, BATCH);
      for (Tombstone tombstone : due) {
        storage.removePrefix(storage.uploadsBucket(), tombstone.prefix());
        storage.removePrefix(storage.processedBucket(), tombstone.prefix());
        tombstones.deleteById(tombstone.imageId());
        swept++;
      }
    } while (due.size() == BATCH);
    return swept;
  }
}
