package io.darkroom.api.messaging;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How {@link ImageEventListener} waits out a database that is away. Its {@code @ErrorStrategy}
 * reads these keys; this record makes a bad value stop start-up.
 *
 * @param retryDelay between two attempts at the same event
 * @param retryCount attempts before an event that still fails for a transient reason is given up
 *     (it would then be skipped, not dead-lettered): the default, 2147483647, never gives up, so an
 *     outage only delays outcomes
 */
@Context
@ConfigurationProperties("darkroom.events")
record EventsConfiguration(@NotNull Duration retryDelay, @Min(1) int retryCount) {}
