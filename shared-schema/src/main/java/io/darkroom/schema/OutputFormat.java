package io.darkroom.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;

/** Encodings a rendition can be written in. */
@Serdeable
public enum OutputFormat {
  JPEG("jpg", "image/jpeg"),
  PNG("png", "image/png"),
  WEBP("webp", "image/webp"),
  /** PNG when the source has transparency, JPEG otherwise; resolved by the worker. */
  AUTO("", "");

  private final String extension;
  private final String mediaType;

  OutputFormat(String extension, String mediaType) {
    this.extension = extension;
    this.mediaType = mediaType;
  }

  public String extension() {
    return extension;
  }

  public String mediaType() {
    return mediaType;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static OutputFormat fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
