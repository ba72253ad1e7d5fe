package io.darkroom.api.image;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.util.UUID;

/** Which collection an image is in, if any. */
@Introspected
public record Membership(UUID id, @Nullable UUID collectionId) {}
