package io.darkroom.api.image;

import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SourceFormat;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.UUID;

/**
 * A checked original, uploaded by the client to storage, and what to make of it.
 *
 * @param width as the header says, before any EXIF orientation
 * @param renditions null for the presets
 */
public record StartProcessing(
    UUID id,
    String ownerId,
    String filename,
    @Nullable String description,
    SourceFormat format,
    long bytes,
    int width,
    int height,
    @Nullable List<RenditionSpec> renditions) {}
