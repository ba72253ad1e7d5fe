package io.darkroom.api.upload;

/**
 * Client filenames are display metadata only (keys never use them). Keep the last path segment,
 * drop control characters, and bound the length.
 */
final class Filenames {
  static final int MAX_LENGTH = 255;

  private Filenames() {}

  static String clean(String raw) {
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
    return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
  }
}
