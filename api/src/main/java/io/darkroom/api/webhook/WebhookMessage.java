package io.darkroom.api.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code webhook_messages}: one event for one endpoint, with the exact bytes every attempt
 * signs and sends.
 */
@MappedEntity("webhook_messages")
record WebhookMessage(
    @Id String id,
    UUID endpointId,
    String eventType,
    String payload,
    String status,
    int attempts,
    @Nullable Instant nextAttemptAt,
    @Nullable Instant claimedUntil,
    Instant createdAt,
    @Nullable Instant deliveredAt) {

  static WebhookMessage pending(
      String id, UUID endpointId, String type, String payload, Instant now) {
    return new WebhookMessage(id, endpointId, type, payload, "pending", 0, now, null, now, null);
  }
}
