package io.darkroom.worker.fetch;

import io.darkroom.egress.AddressRules;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;

/**
 * How a worker fetches imported originals ({@code darkroom.fetch.*}).
 *
 * @param allowedRanges CIDR ranges reachable although the egress guard refuses them: empty in
 *     production; {@code 127.0.0.1/32} for photos served on the same machine (tests, the local run)
 * @param maxConcurrent fetches one worker makes at once, all hosts together
 * @param maxPerHost fetches one worker makes to one host at once (politeness)
 * @param connectTimeout to open a connection
 * @param readTimeout between two reads
 * @param callTimeout for the whole fetch, redirects included
 * @param maxRedirects redirects followed, each re-checked by the guard
 * @param maxBytes the most one URL may answer (and never more than {@code
 *     darkroom.pipeline.max-source-bytes}): counted while it streams
 */
@Context
@ConfigurationProperties("darkroom.fetch")
public record FetchConfiguration(
    @Nullable List<String> allowedRanges,
    @Bindable(defaultValue = "4") @Min(1) @Max(256) int maxConcurrent,
    @Bindable(defaultValue = "2") @Min(1) @Max(256) int maxPerHost,
    @Bindable(defaultValue = "5s") @NotNull Duration connectTimeout,
    @Bindable(defaultValue = "20s") @NotNull Duration readTimeout,
    @Bindable(defaultValue = "120s") @NotNull Duration callTimeout,
    @Bindable(defaultValue = "3") @Min(0) @Max(10) int maxRedirects,
    @Bindable(defaultValue = "50MB") @ReadableBytes @Positive long maxBytes) {

  public FetchConfiguration {
    allowedRanges = allowedRanges == null ? List.of() : List.copyOf(allowedRanges);
    new AddressRules(allowedRanges); // a range that is not CIDR stops start-up, not a fetch
  }
}
