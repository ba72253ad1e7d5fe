package io.darkroom.api.query;

import java.util.Locale;

/** The LIKE pattern of a list's {@code search} parameter: a case-insensitive substring match. */
public final class SearchPatterns {
  private SearchPatterns() {}

  /**
   * Lower-cased and wrapped in %; the client's %, _ and \ are matched literally (PostgreSQL's
   * escape is \).
   */
  public static String contains(String search) {
    String escaped =
        search
            .strip()
            .toLowerCase(Locale.ROOT)
            .replace("\\", "\\\\")
            .replace("%", "\\%")
            .replace("_", "\\_");
    return "%" + escaped + "%";
  }
}
