package io.darkroom.local;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, well enough for the expressions of our own rules and
 * dashboard: strings, label matchers, ranges and grouping clauses are removed, and of the
 * identifiers left, functions (followed by a parenthesis) and keywords are not names. A histogram
 * is read as its {@code _bucket} (or {@code _count}, {@code _sum}) series: that is the name
 * returned, and it is what a scrape must show.
 */
final class PromQlNames {
  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?=\\s*([(]?))");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "atan2");

  private PromQlNames() {}

  static Set<String> of(String expression) {
    String stripped = STRING.matcher(expression).replaceAll(" ");
    stripped = MATCHERS.matcher(stripped).replaceAll(" ");
    stripped = RANGE.matcher(stripped).replaceAll(" ");
    stripped = GROUPING.matcher(stripped).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher identifier = IDENTIFIER.matcher(stripped);
    while (identifier.find()) {
      String name = identifier.group(1);
      boolean call = "(".equals(identifier.group(2));
      if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }
}
