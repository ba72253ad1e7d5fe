package io.darkroom.api.imports;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.Positive;

/**
 * What one CSV import may hold.
 *
 * @param maxFileBytes the CSV itself
 * @param maxRows products
 * @param maxUrlsPerRow image URLs of one product
 * @param maxUrls image URLs in all
 */
@Context
@ConfigurationProperties("darkroom.imports")
public record ImportLimits(
    @ReadableBytes @Positive long maxFileBytes,
    @Positive int maxRows,
    @Positive int maxUrlsPerRow,
    @Positive int maxUrls) {}
