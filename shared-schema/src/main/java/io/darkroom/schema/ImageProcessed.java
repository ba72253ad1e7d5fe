package io.darkroom.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
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

  /**
   * What the original turned out to be, as displayed (after EXIF orientation).
   *
   * @param bytes the original's size; set by workers from 0.2 on (an imported image's size is known
   *     only to the worker that fetched it), null from older ones
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SourceInfo(int width, int height, SourceFormat format, @Nullable Long bytes) {
    @Creator
    public SourceInfo {}

    public SourceInfo(int width, int height, SourceFormat format) {
      this(width, height, format, null);
    }
  }

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
