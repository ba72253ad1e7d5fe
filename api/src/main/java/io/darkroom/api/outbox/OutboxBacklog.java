package io.darkroom.api.outbox;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** Messages not yet published, and when the oldest was written. */
@Introspected
public record OutboxBacklog(long waiting, @Nullable Instant oldest) {}
