package io.darkroom.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;

/** How a rendition fits its box, with the meanings sharp and CSS object-fit give these words. */
@Serdeable
public enum Fit {
  /** Fill the box exactly, cropping what overflows (centre crop). */
  COVER,
  /** Fit inside the box and pad the rest; the output has the box's size. */
  CONTAIN,
  /** Stretch to the box, ignoring the aspect ratio. */
  FILL,
  /** Fit inside the box, keeping the aspect ratio; the output may be smaller than the box. */
  INSIDE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Fit fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
