package io.darkroom.api.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code webhook_attempts}: one try at delivering one message. */
@MappedEntity("webhook_attempts")
record WebhookAttempt(
    @Id @GeneratedValue @Nullable Long id,
    String messageId,
    Instant attemptedAt,
    @Nullable Integer httpStatus,
    @Nullable String error,
    int latencyMs,
    @Nullable Instant nextAttemptAt) {}
