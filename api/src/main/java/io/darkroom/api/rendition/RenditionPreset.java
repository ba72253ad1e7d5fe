package io.darkroom.api.rendition;

import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * One named rendition, {@code darkroom.renditions.presets.<name>.*}: made when a request asks for
 * none unless {@code by-default} is false, and asked for by name where a request may name a preset
 * (a CSV import's {@code preset}). Checked at start-up by the same rules as a client's request
 * ({@link RenditionPresets}).
 */
@EachProperty("darkroom.renditions.presets")
public record RenditionPreset(
    @Parameter String name,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable Fit fit,
    @Nullable OutputFormat format,
    @Nullable Integer quality,
    @Nullable Boolean byDefault) {

  boolean madeByDefault() {
    return !Boolean.FALSE.equals(byDefault);
  }

  RenditionRequest asRequest() {
    return new RenditionRequest(name, width, height, fit, format, quality);
  }
}
