package io.darkroom.api.collection;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("collections")
record CollectionEntity(
    @Id UUID id,
    String ownerId,
    String name,
    @Nullable String description,
    Instant createdAt,
    Instant updatedAt) {}
