package io.darkroom.api.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 * @param publicBaseUrl how receivers reach this api (e.g. {@code https://images.example.com}): the
 *     links in an event are absolute with it, paths on the api without it
 */
@Context
@ConfigurationProperties("darkroom.webhooks")
public record WebhookConfiguration(
    List<String> allowedRanges,
    @NotEmpty List<Duration> retrySchedule,
    @NotNull Duration disableAfter,
    @NotNull Duration pollInterval,
    @Min(1) @Max(64) int concurrency,
    @Nullable @Pattern(regexp = "(https?://[^/?#]+(/[^?#]*)?)?", message = "must be an http(s) URL")
        String publicBaseUrl) {

  public WebhookConfiguration {
    allowedRanges = allowedRanges == null ? List.of() : List.copyOf(allowedRanges);
    publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
  }

  /** {@code path} on this api, as a receiver should follow it. */
  public String link(String path) {
    return publicBaseUrl + path;
  }
}
