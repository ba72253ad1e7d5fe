package io.darkroom.api.text;

/**
 * Client filenames are display metadata only (keys never use them). Keep the last path segment,
 * drop control characters, and bound the length.
 */
public final class Filenames {
  private Filenames() {}

  public static String clean(String raw) {
    if (raw == null) {
      return "upload";
    }
    String name = raw;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    if (slash >= 0) {
      name = name.substring(slash + 1);
    }
    name =
        name.codePoints()
            .filter(c -> !Character.isISOControl(c))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .strip();
    if (name.isEmpty()) {
      return "upload";
    }
    return name.length() > TextLimits.FILENAME ? name.substring(0, TextLimits.FILENAME) : name;
  }
}
