package io.darkroom.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;

/**
 * What became of one {@link ProcessImageCommand}, sent to {@link Topics#EVENTS} keyed by image id:
 * its outcome ({@link ImageProcessed}, {@link ImageProcessingFailed}), and before it the notice
 * that a worker started on it ({@link ImageProcessingStarted}). The JSON field {@code type} names
 * the concrete event.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ImageProcessed.class, name = "ImageProcessed"),
  @JsonSubTypes.Type(value = ImageProcessingFailed.class, name = "ImageProcessingFailed"),
  @JsonSubTypes.Type(value = ImageProcessingStarted.class, name = "ImageProcessingStarted")
})
public sealed interface ImageEvent
    permits ImageProcessed, ImageProcessingFailed, ImageProcessingStarted {
  int schemaVersion();

  UUID messageId();

  /** The {@link ProcessImageCommand#messageId()} this event answers. */
  UUID commandId();

  UUID imageId();

  String ownerId();

  Instant occurredAt();
}
