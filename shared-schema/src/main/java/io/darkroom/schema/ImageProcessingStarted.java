package io.darkroom.schema;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/**
 * A worker took the command and begins processing the image: not an outcome, a progress notice sent
 * before it on the same partition. The api moves the image from {@code pending} to {@code
 * processing} and measures the processing timeout from here. Sent once per delivery, so a command
 * redelivered after a worker died starts the clock again; best effort: if it is lost, the outcome
 * still applies.
 */
@Serdeable
public record ImageProcessingStarted(
    int schemaVersion,
    UUID messageId,
    UUID commandId,
    UUID imageId,
    String ownerId,
    Instant occurredAt)
    implements ImageEvent {}
