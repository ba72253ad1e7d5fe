package io.darkroom.egress;

import java.time.Duration;
import java.util.List;

/**
 * @param allowedRanges CIDR ranges reachable despite the rules: empty in production; {@code
 *     127.0.0.1/32} for tests and a local receiver
 * @param connectTimeout to open a connection to one address
 * @param readTimeout between two reads
 * @param callTimeout for the whole exchange, redirects included
 * @param maxBodyBytes how much of a response body is read; more fails the request
 * @param maxRedirects redirects followed, each re-checked
 * @param userAgent sent on every request
 */
public record EgressPolicy(
    List<String> allowedRanges,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    long maxBodyBytes,
    int maxRedirects,
    String userAgent) {

  public EgressPolicy {
    allowedRanges = List.copyOf(allowedRanges);
    if (maxRedirects < 0 || maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxRedirects and maxBodyBytes must not be negative");
    }
  }

  /**
   * What webhooks use: Standard Webhooks' 15 s per attempt, 64 KB of a receiver's answer, and no
   * redirect followed (a 3xx is a failed attempt).
   */
  public static EgressPolicy webhooks(List<String> allowedRanges) {
    return new EgressPolicy(
        allowedRanges,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(15),
        64 * 1024,
        0,
        "Darkroom-Webhooks/0.2");
  }

  /** The User-Agent of every fetch of a user's file. */
  public static final String FETCH_USER_AGENT = "Darkroom-Fetch/0.2";

  /** What fetching a user's file uses (URL imports): up to 3 redirects, each re-checked. */
  public static EgressPolicy fetches(List<String> allowedRanges, long maxBodyBytes) {
    return new EgressPolicy(
        allowedRanges,
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        Duration.ofSeconds(120),
        maxBodyBytes,
        3,
        FETCH_USER_AGENT);
  }
}
