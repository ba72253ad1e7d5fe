package io.darkroom.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Asks a worker to make the renditions of one stored original. Sent to {@link Topics#COMMANDS}
 * keyed by {@code imageId}. It names the object and never carries image bytes. An imported image
 * also names the URL its original comes from ({@link #remote}): the worker fetches it into {@code
 * source.key} through the egress guard first, unless an earlier delivery already did.
 *
 * @param messageId unique per command; the same command redelivered keeps its id
 * @param remote where the original is fetched from, for an image imported by URL; null otherwise
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessImageCommand(
    int schemaVersion,
    UUID messageId,
    UUID imageId,
    String ownerId,
    SourceObject source,
    List<RenditionSpec> renditions,
    Instant requestedAt,
    @Nullable RemoteSource remote) {

  @Creator
  public ProcessImageCommand {
    renditions = List.copyOf(renditions);
  }

  /** A command for an original already in storage. */
  public ProcessImageCommand(
      int schemaVersion,
      UUID messageId,
      UUID imageId,
      String ownerId,
      SourceObject source,
      List<RenditionSpec> renditions,
      Instant requestedAt) {
    this(schemaVersion, messageId, imageId, ownerId, source, renditions, requestedAt, null);
  }

  /**
   * The original as stored: where it is and what the api checked it to be. For an imported image,
   * where the worker stores what it fetches; {@code contentType} is null and {@code bytes} 0 then,
   * the worker finding both out.
   */
  @Serdeable
  public record SourceObject(String bucket, String key, @Nullable String contentType, long bytes) {}

  /** The URL an imported image's original is fetched from, as the user gave it. */
  @Serdeable
  public record RemoteSource(String url) {}
}
