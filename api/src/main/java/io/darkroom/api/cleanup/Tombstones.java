package io.darkroom.api.cleanup;

import io.micronaut.transaction.TransactionDefinition.Propagation;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;

/** Records a deletion, in the transaction that deletes the row. */
@Singleton
public class Tombstones {
  private final TombstoneRepository repository;
  private final CleanupConfiguration config;

  Tombstones(TombstoneRepository repository, CleanupConfiguration config) {
    this.repository = repository;
    this.config = config;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void record(UUID imageId, String prefix) {
    Instant now = Instant.now();
    repository.save(new Tombstone(imageId, prefix, now, now.plus(config.deletionGrace())));
  }
}
