package io.darkroom.api.image;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The two clocks of {@link ProcessingTimeout}.
 *
 * @param timeout an image a worker started on with no outcome this long after fails as {@code
 *     processing_timeout}
 * @param queueTimeout an image no worker took this long after its request fails the same way: the
 *     longest backlog the deployment is meant to absorb; at least {@code timeout}
 * @param timeoutCheckInterval how often both are looked for
 */
@Context
@ConfigurationProperties("darkroom.processing")
public record ProcessingConfiguration(
    @NotNull Duration timeout,
    @NotNull Duration queueTimeout,
    @NotNull Duration timeoutCheckInterval) {

  public ProcessingConfiguration {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("darkroom.processing.timeout must be positive");
    }
    if (timeout != null && queueTimeout != null && queueTimeout.compareTo(timeout) < 0) {
      throw new IllegalArgumentException(
          "darkroom.processing.queue-timeout must be at least darkroom.processing.timeout");
    }
  }
}
