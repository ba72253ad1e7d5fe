package io.darkroom.api.upload;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Resumable (S3 multipart) uploads, {@code darkroom.upload.multipart.*}.
 *
 * @param maxBytes the largest file assembled from parts (checked from the parts before they are
 *     assembled)
 * @param partUrlExpiry lifetime of one part's presigned URL; a client signs again for a retry
 * @param abandonAfter an upload not completed this long after it was created is aborted, its parts
 *     and its image removed
 * @param threshold files above this should be sent in parts (the console does; clients read it from
 *     {@code GET /api/v1/uploads/limits}); above the presigned limit they must be
 */
@Context
@ConfigurationProperties("darkroom.upload.multipart")
public record MultipartLimits(
    @ReadableBytes @Positive long maxBytes,
    @NotNull Duration partUrlExpiry,
    @NotNull Duration abandonAfter,
    @ReadableBytes @Positive long threshold) {

  /** S3's smallest part, except the last. */
  public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  /** S3's largest part. */
  public static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;

  /** S3's most parts of one upload. */
  public static final int MAX_PARTS = 10_000;
}
