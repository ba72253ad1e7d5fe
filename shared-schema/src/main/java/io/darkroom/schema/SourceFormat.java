package io.darkroom.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats the platform accepts as originals, recognised by their magic bytes only: a name
 * or a declared content type decides nothing. SVG is deliberately absent (it is a document that can
 * carry script and external references, not a raster image).
 */
@Serdeable
public enum SourceFormat {
  JPEG("image/jpeg", "JPEG"),
  PNG("image/png", "PNG"),
  GIF("image/gif", "GIF"),
  WEBP("image/webp", "WebP"),
  BMP("image/bmp", "BMP"),
  TIFF("image/tiff", "TIFF");

  /** How many leading bytes {@link #sniff} needs to tell every format apart. */
  public static final int SNIFF_BYTES = 16;

  private final String mediaType;
  private final String label;

  SourceFormat(String mediaType, String label) {
    this.mediaType = mediaType;
    this.label = label;
  }

  /**
   * What every refusal of an unsupported file says, on every upload path and in the worker, with
   * the list of formats taken from this enum.
   */
  public static String notSupported(String what) {
    return what
        + " is not an image of a supported format ("
        + String.join(", ", Arrays.stream(values()).map(f -> f.label).toList())
        + "); formats are recognised by content, not by name or declared type.";
  }

  /** The media types of every format, for a client that declares one: image/jpeg, image/png... */
  public static String mediaTypes() {
    return String.join(", ", Arrays.stream(values()).map(SourceFormat::mediaType).toList());
  }

  public String mediaType() {
    return mediaType;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static SourceFormat fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  /** The format of a media type such as {@code image/jpeg} (case and blanks ignored), if any. */
  public static Optional<SourceFormat> byMediaType(String mediaType) {
    String normalised = mediaType.strip().toLowerCase(Locale.ROOT);
    for (SourceFormat format : values()) {
      if (format.mediaType.equals(normalised)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  /**
   * The format whose signature starts {@code head}, if any; {@code length} bytes of it are valid.
   */
  public static Optional<SourceFormat> sniff(byte[] head, int length) {
    if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(head, length, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(head, length, 'G', 'I', 'F', '8', '9', 'a')) {
      return Optional.of(GIF);
    }
    if (startsWith(head, length, 'R', 'I', 'F', 'F')
        && length >= 12
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P') {
      return Optional.of(WEBP);
    }
    if (startsWith(head, length, 'I', 'I', 0x2A, 0x00)
        || startsWith(head, length, 'M', 'M', 0x00, 0x2A)) {
      return Optional.of(TIFF);
    }
    if (startsWith(head, length, 'B', 'M') && length >= 14) {
      return Optional.of(BMP);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] head, int length, int... signature) {
    if (length < signature.length || head.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((head[i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
