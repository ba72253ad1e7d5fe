package io.darkroom.api.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A message waiting to be published, written in the same transaction as the change it announces.
 */
@MappedEntity("outbox_messages")
record OutboxMessage(
    @Id @GeneratedValue Long id,
    String topic,
    String messageKey,
    String payload,
    Instant createdAt,
    @Nullable Instant claimedUntil) {}
