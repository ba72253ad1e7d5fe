package io.darkroom.api.image;

import io.darkroom.schema.RenditionSpec;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * What the client says about an image it uploaded itself, checked before any storage is touched.
 *
 * @param renditions null for the presets
 */
public record StartProcessing(
    String filename, @Nullable String description, @Nullable List<RenditionSpec> renditions) {}
