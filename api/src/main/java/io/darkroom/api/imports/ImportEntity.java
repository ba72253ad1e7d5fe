package io.darkroom.api.imports;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code imports}: one CSV batch. Its progress is read from its images; only its
 * completion is written, once.
 *
 * @param distinctUrls images made: a URL repeated within the import is fetched once
 * @param outputRendition the rendition the output CSV's links lead to
 * @param finalStatus set with {@code completedAt}, when no image of the import is left unfinished
 * @param succeeded images that succeeded, counted when it completed
 * @param failed images that failed (or were deleted), counted when it completed
 */
@MappedEntity("imports")
record ImportEntity(
    @Id UUID id,
    String ownerId,
    int totalRows,
    int totalUrls,
    int distinctUrls,
    String outputRendition,
    @Nullable String callbackUrl,
    @Nullable UUID callbackEndpointId,
    @Nullable String finalStatus,
    @Nullable Integer succeeded,
    @Nullable Integer failed,
    Instant createdAt,
    @Nullable Instant completedAt) {

  static ImportEntity created(
      UUID id,
      String ownerId,
      int totalRows,
      int totalUrls,
      int distinctUrls,
      String outputRendition,
      @Nullable String callbackUrl,
      @Nullable UUID callbackEndpointId,
      Instant now) {
    return new ImportEntity(
        id,
        ownerId,
        totalRows,
        totalUrls,
        distinctUrls,
        outputRendition,
        callbackUrl,
        callbackEndpointId,
        null,
        null,
        null,
        now,
        null);
  }
}
