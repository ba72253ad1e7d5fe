package io.darkroom.api.cleanup;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * @param deletionGrace how long after a deletion its prefix is cleared once more: above the upload
 *     URLs' lifetime and the longest a worker spends on one image
 * @param sweepInterval how often due tombstones are swept
 * @param reconciliationInterval how often storage and the database are compared
 * @param orphanGrace how old an object without a row must be before it is removed: above the
 *     longest upload, so an upload whose row is being written is never taken
 */
@Context
@ConfigurationProperties("darkroom.cleanup")
public record CleanupConfiguration(
    @NotNull Duration deletionGrace,
    @NotNull Duration sweepInterval,
    @NotNull Duration reconciliationInterval,
    @NotNull Duration orphanGrace) {}
