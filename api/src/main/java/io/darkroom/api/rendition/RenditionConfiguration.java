package io.darkroom.api.rendition;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * @param maxCount how many renditions one image may ask for: each costs the worker a resample and
 *     an encode (the worker's memory budget assumes at most 100)
 */
@Context
@ConfigurationProperties("darkroom.renditions")
public record RenditionConfiguration(@Min(1) @Max(100) int maxCount) {}
