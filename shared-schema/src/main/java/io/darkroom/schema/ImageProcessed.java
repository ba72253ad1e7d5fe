package io.darkroom.schema;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Every requested rendition was written. */
@Serdeable
public record ImageProcessed(
    int schemaVersion,
    UUID messageId,
    UUID commandId,
    UUID imageId,
    String ownerId,
    SourceInfo source,
    List<Rendition> renditions,
    Timings timings,
    Instant occurredAt)
    implements ImageEvent {

  public ImageProcessed {
    renditions = List.copyOf(renditions);
  }

  /** What the original turned out to be, as displayed (after EXIF orientation). */
  @Serdeable
  public record SourceInfo(int width, int height, SourceFormat format) {}

  /** One written rendition. {@code format} is never {@link OutputFormat#AUTO}. */
  @Serdeable
  public record Rendition(
      String name,
      String bucket,
      String key,
      int width,
      int height,
      OutputFormat format,
      long bytes) {}

  /** Where the worker spent its time, in milliseconds. */
  @Serdeable
  public record Timings(
      long readMs, long decodeMs, long resizeMs, long encodeMs, long writeMs, long totalMs) {}
}
