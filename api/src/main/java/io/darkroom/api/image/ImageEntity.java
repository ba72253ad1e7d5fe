package io.darkroom.api.image;

import io.darkroom.schema.RenditionSpec;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code images}. Read whole; changed only through the guarded updates of the repository.
 *
 * @param originalKey the checked original, which only the api writes; every key of the image is
 *     under its prefix
 * @param uploadKey what the client's presigned URL or form writes, for an image uploaded that way
 * @param processingRequestedAt when its latest processing command was queued
 * @param processingStartedAt when a worker took that command
 */
@MappedEntity("images")
record ImageEntity(
    @Id UUID id,
    String ownerId,
    String filename,
    @Nullable String description,
    @MappedProperty(converter = ImageStatusConverter.class) ImageStatus status,
    @Nullable String contentType,
    @Nullable Long bytes,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable String sha256,
    String originalKey,
    @Nullable String uploadKey,
    @Nullable UUID collectionId,
    @TypeDef(type = DataType.JSON) List<RenditionSpec> renditionSpecs,
    @Nullable @TypeDef(type = DataType.JSON) List<StoredRendition> renditions,
    @Nullable String failureCode,
    @Nullable String failureDetail,
    @Nullable Boolean failureRetryable,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant completedAt,
    @Nullable Instant processingRequestedAt,
    @Nullable Instant processingStartedAt) {}
