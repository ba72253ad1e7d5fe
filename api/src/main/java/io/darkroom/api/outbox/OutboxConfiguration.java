package io.darkroom.api.outbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * @param pollInterval how often the relay looks for unpublished messages when idle
 * @param batchSize messages claimed and sent per relay attempt
 * @param sendTimeout how long the relay waits for the broker to acknowledge a batch before giving
 *     back what was not acknowledged; a claim lasts three times this, so only a relay that died
 *     leaves its batch to lapse
 */
@Context
@ConfigurationProperties("darkroom.outbox")
record OutboxConfiguration(
    @NotNull Duration pollInterval,
    @Min(1) @Max(10_000) int batchSize,
    @NotNull Duration sendTimeout) {}
