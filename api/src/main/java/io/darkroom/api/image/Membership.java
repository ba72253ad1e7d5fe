package io.darkroom.api.collection;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.util.UUID;

/** Which collection an image is in, if any. */
@Introspected
record Membership(UUID id, @Nullable UUID collectionId) {}
