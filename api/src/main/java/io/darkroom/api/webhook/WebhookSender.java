package io.darkroom.api.webhook;

import io.darkroom.api.text.Durations;
import io.darkroom.egress.EgressGuard;
import io.darkroom.egress.EgressRefused;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at one message: signed as Standard Webhooks says, sent through the egress guard,
 * judged (2xx in time is success; a 3xx, a refusal, an error or any other status a failure), and
 * recorded with when the next attempt is due.
 */
@Singleton
class WebhookSender {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  private static final Set<Integer> RETRY_AFTER_STATUSES = Set.of(429, 502, 503, 504);
  private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(24);

  private final WebhookEndpointRepository endpoints;
  private final WebhookMessageRepository messages;
  private final WebhookAttemptRepository attempts;
  private final WebhookConfiguration config;
  private final EgressGuard guard;
  private final MeterRegistry metrics;

  WebhookSender(
      WebhookEndpointRepository endpoints,
      WebhookMessageRepository messages,
      WebhookAttemptRepository attempts,
      WebhookConfiguration config,
      EgressGuard guard,
      MeterRegistry metrics) {
    this.endpoints = endpoints;
    this.messages = messages;
    this.attempts = attempts;
    this.config = config;
    this.guard = guard;
    this.metrics = metrics;
    // every event's series at 0 from the start, so a rate() of failures sees the first one
    for (String event :
        List.of("image.succeeded", "image.failed", WebhookCallbacks.IMPORT_COMPLETED)) {
      for (String outcome : List.of("delivered", "retrying", "failed")) {
        deliveries(event, outcome);
      }
    }
  }

  void attempt(WebhookMessage message) {
    Optional<WebhookEndpoint> found = endpoints.findById(message.endpointId());
    if (found.isEmpty() || !found.get().enabled()) {
      messages.markFailed(message.id(), null); // its endpoint is gone or off
      return;
    }
    WebhookEndpoint endpoint = found.get();
    Instant now = Instant.now();
    long started = System.nanoTime();
    Integer status = null;
    String error = null;
    Optional<String> retryAfter = Optional.empty();
    try {
      EgressGuard.Answer answer =
          guard.post(
              endpoint.url(),
              headers(endpoint, message, now),
              message.payload().getBytes(StandardCharsets.UTF_8),
              "application/json");
      status = answer.status();
      retryAfter = answer.header("Retry-After");
    } catch (EgressRefused refused) {
      error = "refused: " + refused.getMessage();
    } catch (IOException e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    Timer.builder("darkroom.webhooks.attempt")
        .description("Time of one delivery attempt")
        .tag("event", message.eventType())
        .register(metrics)
        .record(latencyMs, TimeUnit.MILLISECONDS);
    if (status != null && status >= 200 && status < 300) {
      messages.markDelivered(message.id());
      endpoints.markHealthy(endpoint.id());
      attempts.save(
          new WebhookAttempt(null, message.id(), now, status, null, (int) latencyMs, null));
      count(message, "delivered");
      return;
    }
    if (status != null && status >= 300 && status < 400) {
      error = "answered " + status + ": redirects are not followed";
    }
    Instant next =
        status != null && status == 410 ? null : nextAttempt(message, status, retryAfter);
    messages.markFailed(message.id(), next);
    attempts.save(
        new WebhookAttempt(null, message.id(), now, status, error, (int) latencyMs, next));
    count(message, next == null ? "failed" : "retrying");
    endpoints.markFailing(endpoint.id());
    if (status != null && status == 410) {
      disable(endpoint, "the endpoint answered 410 Gone");
    } else if (endpoint.failingSince() != null
        && endpoint.failingSince().isBefore(now.minus(config.disableAfter()))) {
      disable(endpoint, "every delivery failed for " + Durations.readable(config.disableAfter()));
    }
  }

  private Map<String, String> headers(
      WebhookEndpoint endpoint, WebhookMessage message, Instant now) {
    long timestamp = now.getEpochSecond();
    String signature =
        WebhookSignatures.sign(endpoint.secret(), message.id(), timestamp, message.payload());
    if (endpoint.previousSecret() != null
        && endpoint.previousSecretUntil() != null
        && endpoint.previousSecretUntil().isAfter(now)) {
      // both sign during the rotation window: a receiver with either secret verifies
      signature +=
          " "
              + WebhookSignatures.sign(
                  endpoint.previousSecret(), message.id(), timestamp, message.payload());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", message.id());
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", signature);
    return headers;
  }

  /**
   * When the next attempt is due, or null when the schedule is used up. A 429 or 502-504 with a
   * Retry-After in seconds waits at least that long (at most a day).
   */
  private Instant nextAttempt(WebhookMessage message, Integer status, Optional<String> retryAfter) {
    List<Duration> schedule = config.retrySchedule();
    int failedSoFar = message.attempts() + 1;
    if (failedSoFar > schedule.size()) {
      return null;
    }
    Duration delay = jittered(schedule.get(failedSoFar - 1));
    if (status != null && RETRY_AFTER_STATUSES.contains(status) && retryAfter.isPresent()) {
      try {
        Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter.get().strip()));
        if (asked.compareTo(delay) > 0) {
          delay = asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked;
        }
      } catch (NumberFormatException httpDate) {
        // an HTTP date: the schedule's delay stands
      }
    }
    return Instant.now().plus(delay);
  }

  /** Up to 10% more, so that endpoints failing together do not retry in lockstep. */
  private static Duration jittered(Duration delay) {
    long millis = delay.toMillis();
    return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 10 + 1));
  }

  private void disable(WebhookEndpoint endpoint, String reason) {
    if (endpoints.disable(endpoint.id(), reason) == 1) {
      LOG.warn("Webhook endpoint {} disabled: {}", endpoint.id(), reason);
      metrics.counter("darkroom.webhooks.endpoints.disabled").increment();
    }
  }

  private void count(WebhookMessage message, String outcome) {
    deliveries(message.eventType(), outcome).increment();
  }

  private Counter deliveries(String event, String outcome) {
    return Counter.builder("darkroom.webhooks.deliveries")
        .description("Delivery attempts by event and outcome (delivered, retrying, failed)")
        .tag("event", event)
        .tag("outcome", outcome)
        .register(metrics);
  }
}
