package io.darkroom.api.cleanup;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A deleted image whose prefix is cleared once more at {@code purgeAfter}. */
@MappedEntity("deleted_images")
record Tombstone(@Id UUID imageId, String prefix, Instant deletedAt, Instant purgeAfter) {}
