package io.darkroom.api.text;

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

  /**
   * A name as it will be stored: stripped of surrounding blanks, then 2 to {@link #NAME} characters
   * with no control characters; a 400 naming the field otherwise (never a database constraint's
   * 500).
   */
  public static String name(String field, String value) {
    String name = value.strip();
    if (name.length() < 2 || name.length() > NAME) {
      throw ApiException.invalid(field, "size must be between 2 and " + NAME + " once trimmed");
    }
    refuseControlCharacters(field, name, false);
    return name;
  }

  /**
   * A free text as it will be stored: at most {@link #DESCRIPTION} characters, line breaks and tabs
   * allowed, no other control characters; blank means none.
   */
  public static @Nullable String description(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    check(field, value, DESCRIPTION);
    refuseControlCharacters(field, value, true);
    return value;
  }

  private static void refuseControlCharacters(String field, String value, boolean lineBreaks) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed = lineBreaks && (c == '\n' || c == '\r' || c == '\t');
      if (Character.isISOControl(c) && !allowed) {
        throw ApiException.invalid(field, "must not contain control characters");
      }
    }
  }

  /** {@code value} if it is at most {@code max} characters; a 400 naming the field otherwise. */
  public static @Nullable String check(String field, @Nullable String value, int max) {
    if (value != null && value.length() > max) {
      throw ApiException.invalid(field, "size must be between 0 and " + max);
    }
    return value;
  }
}
