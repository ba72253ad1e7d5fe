package io.darkroom.api.webhook;

import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an event for every endpoint of its owner that subscribed to it, in the caller's
 * transaction: the message exists exactly when the change that causes it is committed (the outbox
 * principle), and survives every restart until it is delivered.
 */
@Singleton
public class WebhookEvents {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookEvents.class);

  private final WebhookEndpointRepository endpoints;
  private final WebhookMessageRepository messages;
  private final ObjectMapper json;
  private final WebhookConfiguration config;

  WebhookEvents(
      WebhookEndpointRepository endpoints,
      WebhookMessageRepository messages,
      ObjectMapper json,
      WebhookConfiguration config) {
    this.endpoints = endpoints;
    this.messages = messages;
    this.json = json;
    this.config = config;
  }

  /**
   * A path on this api as a receiver follows it: absolute with darkroom.webhooks.public-base-url.
   */
  public String link(String path) {
    return config.link(path);
  }

  /**
   * @param data the event's {@code data}, thin: ids, status and links, never more than the owner
   *     could read through the api
   */
  public void record(String ownerId, String type, Map<String, Object> data) {
    var subscribed = endpoints.findSubscribed(ownerId, type);
    if (subscribed.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    String payload = payload(type, data, now);
    for (WebhookEndpoint endpoint : subscribed) {
      messages.save(
          WebhookMessage.pending(
              WebhookSignatures.newMessageId(), endpoint.id(), type, payload, now));
    }
    LOG.debug("{} recorded for {} endpoint(s)", type, subscribed.size());
  }

  /**
   * Records an event for one endpoint only (an import's callback), in the caller's transaction;
   * nothing if the endpoint is gone or disabled.
   */
  public void recordFor(UUID endpointId, String type, Map<String, Object> data) {
    var endpoint = endpoints.findById(endpointId).filter(WebhookEndpoint::enabled);
    if (endpoint.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    messages.save(
        WebhookMessage.pending(
            WebhookSignatures.newMessageId(), endpointId, type, payload(type, data, now), now));
  }

  private String payload(String type, Map<String, Object> data, Instant now) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("timestamp", now.truncatedTo(ChronoUnit.MILLIS).toString());
    body.put("data", data);
    try {
      return json.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
