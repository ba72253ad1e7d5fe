package io.darkroom.api.cleanup;

import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.schema.ObjectKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares storage with the database, on one api instance at a time (a lease, not a held lock):
 *
 * <ul>
 *   <li><b>objects without a row</b>: an object under an image's prefix whose image has neither a
 *       row nor a tombstone (an upload stored by an api that died before its commit, anything a
 *       deletion missed). Counted; removed once older than {@code darkroom.cleanup.orphan-grace},
 *       so an upload whose row is being written is never taken. Keys of another layout are left
 *       alone.
 *   <li><b>rows without objects</b>: a succeeded image whose original or a rendition is gone.
 *       Counted and logged, never "fixed": only a person knows whether to retry or delete it.
 * </ul>
 *
 * Storage is read page by page and the database in batches, so memory stays bounded whatever the
 * size of the buckets; a run costs one listing of each bucket and one listing per succeeded image.
 */
@Singleton
class Reconciliation {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
  private static final int BATCH = 500;
  private static final String LEASE = "reconciliation";

  private final ObjectStorage storage;
  private final ReconciliationQueries queries;
  private final TombstoneRepository tombstones;
  private final JobLeaseRepository leases;
  private final CleanupConfiguration config;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong orphans = new AtomicLong();
  private final AtomicLong rowsMissingObjects = new AtomicLong();
  private final AtomicLong lastRun = new AtomicLong();
  private final Counter removed;

  Reconciliation(
      ObjectStorage storage,
      ReconciliationQueries queries,
      TombstoneRepository tombstones,
      JobLeaseRepository leases,
      CleanupConfiguration config,
      MeterRegistry metrics) {
    this.storage = storage;
    this.queries = queries;
    this.tombstones = tombstones;
    this.leases = leases;
    this.config = config;
    Gauge.builder("darkroom.reconciliation.orphan.objects", orphans, AtomicLong::get)
        .description("Objects without an image row or tombstone, at the last reconciliation")
        .register(metrics);
    Gauge.builder(
            "darkroom.reconciliation.rows.missing.objects", rowsMissingObjects, AtomicLong::get)
        .description("Succeeded images missing their original or a rendition, at the last run")
        .register(metrics);
    Gauge.builder("darkroom.reconciliation.last.run", lastRun, AtomicLong::get)
        .description("When the last reconciliation finished (epoch seconds)")
        .baseUnit("seconds")
        .register(metrics);
    this.removed =
        Counter.builder("darkroom.reconciliation.orphans.removed")
            .description("Objects without a row removed by the reconciliation")
            .register(metrics);
  }

  @Scheduled(
      fixedDelay = "${darkroom.cleanup.reconciliation-interval}",
      initialDelay = "${darkroom.cleanup.reconciliation-interval}")
  void scheduled() {
    try {
      Instant until = Instant.now().plus(config.reconciliationInterval().dividedBy(2));
      if (leases.take(LEASE, instance, until) == 1) {
        run();
      }
    } catch (RuntimeException e) {
      LOG.warn("Reconciliation failed, will run again: {}", e.toString());
    }
  }

  /** One full comparison; what it found is in the gauges and the result. */
  Result run() {
    return run(Instant.now().minus(config.orphanGrace()));
  }

  /**
   * As {@link #run()}, removing objects without a row last modified before {@code removableBefore}.
   */
  Result run(Instant removableBefore) {
    Tally found = new Tally();
    for (String bucket : List.of(storage.uploadsBucket(), storage.processedBucket())) {
      try (Stream<ObjectStorage.Listed> objects = storage.list(bucket, "")) {
        List<ObjectStorage.Listed> batch = new ArrayList<>(BATCH);
        objects.forEach(
            object -> {
              batch.add(object);
              if (batch.size() == BATCH) {
                settle(bucket, batch, removableBefore, found);
                batch.clear();
              }
            });
        settle(bucket, batch, removableBefore, found);
      }
    }
    long missing = countRowsMissingObjects();
    orphans.set(found.orphans);
    rowsMissingObjects.set(missing);
    lastRun.set(Instant.now().getEpochSecond());
    Result result = new Result(found.orphans, found.removed, missing);
    if (found.orphans > 0 || missing > 0) {
      LOG.warn(
          "Reconciliation: {} object(s) without a row ({} removed), {} succeeded image(s) missing"
              + " objects",
          found.orphans,
          found.removed,
          missing);
    } else {
      LOG.info("Reconciliation: storage and database agree");
    }
    return result;
  }

  private void settle(
      String bucket, List<ObjectStorage.Listed> batch, Instant removableBefore, Tally found) {
    Set<UUID> ids = new HashSet<>();
    for (ObjectStorage.Listed object : batch) {
      ObjectKeys.imageIdOf(object.key()).ifPresent(ids::add);
    }
    if (ids.isEmpty()) {
      return;
    }
    List<UUID> asked = List.copyOf(ids);
    Set<UUID> known = new HashSet<>(queries.findExistingImages(asked));
    known.addAll(tombstones.findKnown(asked));
    for (ObjectStorage.Listed object : batch) {
      var id = ObjectKeys.imageIdOf(object.key());
      if (id.isEmpty() || known.contains(id.get())) {
        continue;
      }
      found.orphans++;
      if (object.lastModified().toInstant().isBefore(removableBefore)) {
        storage.remove(bucket, object.key());
        removed.increment();
        found.removed++;
        LOG.info("Removed {}/{}: its image has no row", bucket, object.key());
      }
    }
  }

  private long countRowsMissingObjects() {
    long missing = 0;
    // PostgreSQL orders uuids as unsigned bytes: the nil uuid comes before every other one
    UUID after = new UUID(0, 0);
    List<ReconciliationQueries.StoredImage> page;
    do {
      page = queries.findSucceededAfter(after, BATCH);
      for (ReconciliationQueries.StoredImage image : page) {
        if (!complete(image)) {
          missing++;
          LOG.warn("Image {} succeeded, but its original or a rendition is gone", image.id());
        }
        after = image.id();
      }
    } while (page.size() == BATCH);
    return missing;
  }

  private boolean complete(ReconciliationQueries.StoredImage image) {
    String prefix;
    try {
      prefix = ObjectKeys.prefixOfOriginal(image.originalKey(), image.id());
    } catch (IllegalArgumentException e) {
      return false; // a key no api wrote: nothing can be where it points
    }
    Set<String> uploads = keys(storage.uploadsBucket(), prefix);
    Set<String> processed = keys(storage.processedBucket(), prefix);
    if (!uploads.contains(image.originalKey())) {
      return false;
    }
    for (String key : image.renditionKeys() == null ? new String[0] : image.renditionKeys()) {
      if (!processed.contains(key)) {
        return false;
      }
    }
    return true;
  }

  private Set<String> keys(String bucket, String prefix) {
    try (Stream<ObjectStorage.Listed> objects = storage.list(bucket, prefix)) {
      Set<String> keys = new HashSet<>();
      objects.forEach(o -> keys.add(o.key()));
      return keys;
    }
  }

  /** What one run found so far, batch by batch. */
  private static final class Tally {
    long orphans;
    long removed;
  }

  /**
   * @param orphans objects without a row or tombstone
   * @param removed those of them old enough to remove, and removed
   * @param rowsMissingObjects succeeded images missing their original or a rendition
   */
  record Result(long orphans, long removed, long rowsMissingObjects) {}
}
