package io.darkroom.schema;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/**
 * The image could not be processed. Only permanent failures are reported this way; transient ones
 * are retried by the worker first.
 *
 * @param detail a sentence for a person, never a stack trace
 * @param retryable whether asking again could succeed (e.g. the time budget ran out under load)
 */
@Serdeable
public record ImageProcessingFailed(
    int schemaVersion,
    UUID messageId,
    UUID commandId,
    UUID imageId,
    String ownerId,
    FailureCode code,
    String detail,
    boolean retryable,
    Instant occurredAt)
    implements ImageEvent {}
