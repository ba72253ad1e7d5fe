package io.darkroom.api.image;

import io.micronaut.core.annotation.Nullable;
import java.util.UUID;

/**
 * A page of one owner's images.
 *
 * @param page 1-based
 * @param search matched case-insensitively against filename and description
 */
public record ImageQuery(
    int page,
    int limit,
    boolean ascending,
    String sortBy,
    @Nullable String search,
    @Nullable ImageStatus status,
    @Nullable UUID collectionId) {}
