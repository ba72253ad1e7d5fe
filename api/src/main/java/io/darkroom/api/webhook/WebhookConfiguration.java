package io.darkroom.api.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * @param allowedRanges CIDR ranges webhooks may reach although the egress guard refuses them: empty
 *     in production; {@code 127.0.0.1/32} for a receiver on the same machine (tests, the local run)
 * @param retrySchedule the delay before each attempt after the first: Standard Webhooks' schedule
 *     by default (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h); each gets up to 10% jitter
 * @param disableAfter an endpoint failing this long without a success is disabled
 * @param pollInterval how often due deliveries are looked for
 * @param concurrency deliveries in flight at once, one per endpoint at most
 */
@Context
@ConfigurationProperties("darkroom.webhooks")
public record WebhookConfiguration(
    List<String> allowedRanges,
    @NotEmpty List<Duration> retrySchedule,
    @NotNull Duration disableAfter,
    @NotNull Duration pollInterval,
    @Min(1) @Max(64) int concurrency) {

  public WebhookConfiguration {
    allowedRanges = allowedRanges == null ? List.of() : List.copyOf(allowedRanges);
  }
}
