package io.darkroom.worker.pipeline;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * What a worker agrees to decode. Every limit is checked from the file's header before a single
 * pixel is decoded, so a 1 KB file that claims 65000x65000 is refused in milliseconds.
 *
 * @param maxSourceBytes largest original accepted
 * @param maxPixels largest width x height decoded (decompression-bomb guard)
 * @param maxDimension largest width or height
 * @param timeBudget wall time one image may take, decode included
 * @param defaultQuality encoder quality when a rendition names none
 * @param memoryBudgetPercent share of the heap that decodes may hold at once, all consumer threads
 *     together; an image needing more than all of it fails as {@code memory_budget_exceeded}
 */
@Context
@ConfigurationProperties("darkroom.pipeline")
public record PipelineLimits(
    @ReadableBytes @Positive long maxSourceBytes,
    @Positive long maxPixels,
    @Positive int maxDimension,
    @NotNull Duration timeBudget,
    @Min(1) @Max(100) int defaultQuality,
    @Min(10) @Max(90) int memoryBudgetPercent) {}
