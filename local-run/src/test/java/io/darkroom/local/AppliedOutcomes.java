package io.darkroom.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The product's output, passed on, and read for the api's "Image <id>: succeeded" line, which it
 * writes only when an outcome moved the image: an image with two such lines had a success applied
 * twice.
 */
final class AppliedOutcomes extends PrintStream {
  private static final Pattern APPLIED = Pattern.compile("Image ([0-9a-f-]{36}): succeeded$");

  private final Map<String, Integer> successes = new ConcurrentHashMap<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();

  AppliedOutcomes(OutputStream out) {
    super(out, true, StandardCharsets.UTF_8);
  }

  @Override
  public void println(String line) {
    super.println(line);
    if (line != null) {
      lines.add(line);
    }
    if (line != null && line.startsWith("api")) {
      Matcher applied = APPLIED.matcher(line);
      if (applied.find()) {
        successes.merge(applied.group(1), 1, Integer::sum);
      }
    }
  }

  /** Every line the product printed so far, in order. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  int successesAppliedTwice() {
    return (int) successes.values().stream().filter(n -> n > 1).count();
  }

  int successesApplied() {
    return successes.size();
  }
}
