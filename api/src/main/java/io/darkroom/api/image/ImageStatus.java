package io.darkroom.api.image;

import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Locale;

/**
 * {@code awaiting_upload -> pending -> processing -> succeeded | failed}. Moves happen only through
 * guarded SQL updates in {@link ImageRepository}, so a late or repeated event cannot move an image
 * backwards.
 */
@Serdeable
@Schema(
    name = "ImageStatus",
    type = "string",
    allowableValues = {"awaiting_upload", "pending", "processing", "succeeded", "failed"})
public enum ImageStatus {
  AWAITING_UPLOAD,
  PENDING,
  PROCESSING,
  SUCCEEDED,
  FAILED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ImageStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
