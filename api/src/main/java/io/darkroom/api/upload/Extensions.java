package io.darkroom.api.upload;

import io.darkroom.schema.SourceFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** File extensions a presigned upload may be asked for, and the format each promises. */
final class Extensions {
  private static final Map<String, SourceFormat> FORMATS =
      Map.of(
          "jpg", SourceFormat.JPEG,
          "jpeg", SourceFormat.JPEG,
          "png", SourceFormat.PNG,
          "gif", SourceFormat.GIF,
          "webp", SourceFormat.WEBP,
          "bmp", SourceFormat.BMP,
          "tif", SourceFormat.TIFF,
          "tiff", SourceFormat.TIFF);

  static final String SUPPORTED = String.join(", ", FORMATS.keySet().stream().sorted().toList());

  private Extensions() {}

  /** Every extension, dotted, in order: what a file picker may filter on. */
  static List<String> all() {
    return FORMATS.keySet().stream().sorted().map(e -> "." + e).toList();
  }

  static Optional<SourceFormat> format(String extension) {
    String normalised = extension.strip().toLowerCase(Locale.ROOT);
    if (normalised.startsWith(".")) {
      normalised = normalised.substring(1);
    }
    return Optional.ofNullable(FORMATS.get(normalised));
  }
}
