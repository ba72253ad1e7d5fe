package io.darkroom.api.image;

import io.darkroom.api.error.ApiException;
import io.micronaut.core.annotation.Nullable;

/**
 * One limit per kind of text, whatever carries it (a JSON body, a multipart field, a query
 * parameter): every stored text is bounded, so no request can store megabytes of it and no listing
 * can load gigabytes back. The JSON bodies use these constants in their {@code @Size} constraints;
 * fields that bypass bean validation (multipart) call {@link #check}.
 */
public final class TextLimits {
  public static final int FILENAME = 255;
  public static final int DESCRIPTION = 2000;
  public static final int NAME = 255;
  public static final int SEARCH = 200;

  /** A multipart renditions field: ten renditions with every option fit in far less. */
  public static final int RENDITIONS_JSON = 8192;

  private TextLimits() {}

  /** {@code value} if it is at most {@code max} characters; a 400 naming the field otherwise. */
  public static @Nullable String check(String field, @Nullable String value, int max) {
    if (value != null && value.length() > max) {
      throw ApiException.invalid(field, "size must be between 0 and " + max);
    }
    return value;
  }
}
