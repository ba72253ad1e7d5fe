package io.darkroom.schema;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/**
 * The image could not be processed. A permanent problem (the bytes are corrupt, too many pixels, an
 * unsupported format) is reported at once, {@code retryable} false. A transient one (storage away)
 * is retried by the worker first, and reported only once every retry failed, {@code retryable}
 * true; so is an unexpected error of the worker itself.
 *
 * @param detail a sentence for a person, never a stack trace
 * @param retryable whether asking again could succeed: the api then accepts a retry, and a later
 *     outcome for the same image still replaces this one
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
