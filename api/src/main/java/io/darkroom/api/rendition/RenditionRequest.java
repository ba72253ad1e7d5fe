package io.darkroom.api.rendition;

import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A rendition a client asks for instead of the presets. */
@Serdeable
@Schema(
    name = "RenditionRequest",
    description = "A custom rendition; at least one of width and height")
public record RenditionRequest(
    @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,31}", message = "must be 1-32 of a-z, 0-9, _ and -")
        @Schema(example = "card")
        String name,
    @Nullable @Min(1) @Max(RenditionRequest.MAX_SIDE) @Schema(example = "600") Integer width,
    @Nullable @Min(1) @Max(RenditionRequest.MAX_SIDE) @Schema(example = "400") Integer height,
    @Nullable
        @Schema(
            implementation = String.class,
            nullable = true,
            allowableValues = {"cover", "contain", "fill", "inside"},
            defaultValue = "inside")
        Fit fit,
    @Nullable
        @Schema(
            implementation = String.class,
            nullable = true,
            allowableValues = {"jpeg", "png", "webp", "auto"},
            defaultValue = "auto")
        OutputFormat format,
    @Nullable @Min(1) @Max(100) Integer quality) {

  /** The largest side a rendition may ask for. */
  public static final int MAX_SIDE = 8192;
}
