package io.darkroom.api.error;

import io.micronaut.http.HttpRequest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id that ties a 5xx answer to its log line: the trace id of the request's W3C {@code
 * traceparent} header when a proxy or client sent one, so the failure is found under the id their
 * tracing already shows; a new random one otherwise.
 */
final class TraceIds {
  private static final Pattern TRACEPARENT =
      Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final String INVALID = "0".repeat(32);

  private TraceIds() {}

  static String of(HttpRequest<?> request) {
    return of(request.getHeaders().get("traceparent"));
  }

  static String of(String traceparent) {
    if (traceparent != null) {
      var match = TRACEPARENT.matcher(traceparent.strip());
      if (match.matches() && !match.group(1).equals(INVALID)) {
        return match.group(1);
      }
    }
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
