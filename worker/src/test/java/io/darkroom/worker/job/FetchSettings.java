package io.darkroom.worker.job;

import io.darkroom.worker.fetch.FetchConfiguration;
import java.time.Duration;
import java.util.List;

/** Fetch settings for unit tests: 127.0.0.1 reachable, short timeouts. */
public final class FetchSettings {
  public static final FetchConfiguration LOCAL = local(2, Duration.ofSeconds(10));

  private FetchSettings() {}

  public static FetchConfiguration local(int maxPerHost, Duration callTimeout) {
    return new FetchConfiguration(
        List.of("127.0.0.1/32"),
        4,
        maxPerHost,
        Duration.ofSeconds(2),
        callTimeout,
        callTimeout,
        3,
        50L << 20);
  }
}
