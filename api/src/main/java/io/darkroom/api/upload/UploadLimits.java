package io.darkroom.api.upload;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Limits and lifetimes of the upload paths. The server's own request limit ({@code
 * micronaut.server.max-request-size}) is set above {@code directMaxBytes} so that our check, with
 * its clear problem, is the one a client meets.
 *
 * @param directMaxBytes largest file accepted by {@code POST /actions/upload} (multipart or base64
 *     JSON)
 * @param presignedMaxBytes largest object a presigned PUT or POST may leave for processing; the
 *     POST policy makes storage itself enforce it
 * @param maxPixels largest width x height accepted, read from the header before anything is decoded
 * @param maxDimension largest width or height accepted (keep it equal to the worker's)
 * @param presignExpiry lifetime of presigned upload URLs and forms
 * @param awaitingUploadTtl how long an image may wait in {@code awaiting_upload} before it is
 *     expired
 * @param expiryCheckInterval how often expired uploads are looked for
 * @param concurrentMultipartUploads multipart direct uploads streamed at once; more get 503
 * @param concurrentBase64Uploads base64 JSON uploads handled at once (each holds its body in
 *     memory); more get 503
 */
@Context
@ConfigurationProperties("darkroom.upload")
public record UploadLimits(
    @ReadableBytes @Positive long directMaxBytes,
    @ReadableBytes @Positive long presignedMaxBytes,
    @Positive long maxPixels,
    @Positive int maxDimension,
    @NotNull Duration presignExpiry,
    @NotNull Duration awaitingUploadTtl,
    @NotNull Duration expiryCheckInterval,
    @Positive int concurrentMultipartUploads,
    @Positive int concurrentBase64Uploads) {}
