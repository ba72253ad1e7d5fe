package io.darkroom.api.image;

import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SourceFormat;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.UUID;

/**
 * An original that is already in the uploads bucket, checked by content, and about to be recorded.
 *
 * @param renditions null for the configured presets
 */
public record NewImage(
    UUID id,
    String ownerId,
    String originalKey,
    String filename,
    @Nullable String description,
    SourceFormat format,
    long bytes,
    String sha256,
    @Nullable List<RenditionSpec> renditions) {}
