package io.darkroom.api.image;

import io.darkroom.schema.OutputFormat;
import io.micronaut.serde.annotation.Serdeable;

/** A rendition as recorded on its image (the {@code renditions} JSON column). */
@Serdeable
public record StoredRendition(
    String name,
    String bucket,
    String key,
    int width,
    int height,
    OutputFormat format,
    long bytes) {}
