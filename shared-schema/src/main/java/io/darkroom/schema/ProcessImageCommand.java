package io.darkroom.schema;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Asks a worker to make the renditions of one stored original. Sent to {@link Topics#COMMANDS}
 * keyed by {@code imageId}. It names the object; it never carries image bytes or URLs.
 *
 * @param messageId unique per command; the same command redelivered keeps its id
 */
@Serdeable
public record ProcessImageCommand(
    int schemaVersion,
    UUID messageId,
    UUID imageId,
    String ownerId,
    SourceObject source,
    List<RenditionSpec> renditions,
    Instant requestedAt) {

  public ProcessImageCommand {
    renditions = List.copyOf(renditions);
  }

  /** The original as stored: where it is and what the api checked it to be. */
  @Serdeable
  public record SourceObject(String bucket, String key, String contentType, long bytes) {}
}
