package io.darkroom.api.upload;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.Positive;

/**
 * Byte limits per upload path. The server's own request limit ({@code
 * micronaut.server.max-request-size}) is set above these so that our check, with its clear problem,
 * is the one a client meets.
 *
 * @param directMaxBytes largest file accepted by {@code POST /actions/upload}
 */
@Context
@ConfigurationProperties("darkroom.upload")
record UploadLimits(@ReadableBytes @Positive long directMaxBytes) {}
