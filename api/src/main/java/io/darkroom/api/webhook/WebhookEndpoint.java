package io.darkroom.api.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code webhook_endpoints}.
 *
 * @param secret {@code whsec_} + base64 of 32 random bytes; shown once, when registered or rotated
 * @param previousSecret the secret before the last rotation, still signing until {@code
 *     previousSecretUntil}
 * @param failingSince when deliveries to it started failing without a success since
 * @param callbackFor the import whose completion alone this endpoint receives (a CSV import's
 *     {@code callbackUrl}); null for an endpoint the owner registered
 */
@MappedEntity("webhook_endpoints")
record WebhookEndpoint(
    @Id UUID id,
    String ownerId,
    String url,
    @Nullable String description,
    @TypeDef(type = DataType.STRING_ARRAY) String[] events,
    boolean enabled,
    @Nullable String disabledReason,
    String secret,
    @Nullable String previousSecret,
    @Nullable Instant previousSecretUntil,
    @Nullable Instant failingSince,
    Instant createdAt,
    Instant updatedAt,
    @Nullable UUID callbackFor) {

  static WebhookEndpoint registered(
      UUID id,
      String ownerId,
      String url,
      @Nullable String description,
      String[] events,
      String secret,
      Instant now) {
    return new WebhookEndpoint(
        id,
        ownerId,
        url,
        description,
        events,
        true,
        null,
        secret,
        null,
        null,
        null,
        now,
        now,
        null);
  }

  /** An import's callback: only that import's {@code import.completed} is sent to it. */
  static WebhookEndpoint callback(
      UUID id, String ownerId, String url, UUID importId, String secret, Instant now) {
    return new WebhookEndpoint(
        id,
        ownerId,
        url,
        "callback of import " + importId,
        new String[] {WebhookCallbacks.IMPORT_COMPLETED},
        true,
        null,
        secret,
        null,
        null,
        null,
        now,
        now,
        importId);
  }
}
