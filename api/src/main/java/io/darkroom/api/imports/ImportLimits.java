package io.darkroom.api.imports;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * What one CSV import may hold.
 *
 * @param maxFileBytes the CSV itself
 * @param maxRows products
 * @param maxUrlsPerRow image URLs of one product
 * @param maxUrls image URLs in all
 * @param completionInterval how often imports whose every image finished are completed (read by
 *     {@link ImportCompletion}'s schedule; bound here so that a bad value stops start-up by name)
 */
@Context
@ConfigurationProperties("darkroom.imports")
public record ImportLimits(
    @ReadableBytes @Positive long maxFileBytes,
    @Positive int maxRows,
    @Positive int maxUrlsPerRow,
    @Positive int maxUrls,
    @NotNull Duration completionInterval) {}
