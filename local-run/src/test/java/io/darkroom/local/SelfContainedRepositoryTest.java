package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A user who clones the repository has only the repository: no file of it may point at a folder
 * beside it (where the developers keep a larger photo set and notes). Tests, examples and
 * benchmarks use {@code testdata/} instead.
 */
class SelfContainedRepositoryTest {
  /** A path that climbs out of the checkout into the developers' shared folder. */
  private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared\\b");

  private static final Set<String> NOT_OURS =
      Set.of(".git", "target", "node_modules", ".data", ".idea", ".vscode");

  private final Path home = Path.of(System.getProperty("darkroom.home"));

  @Test
  void shouldReferToNothingOutsideTheRepository() throws IOException {
    List<String> offenders = new ArrayList<>();
    List<Path> files = projectFiles();
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      if (isBinary(bytes)) {
        continue;
      }
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (OUTSIDE.matcher(lines[i]).find()) {
          offenders.add(home.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
        }
      }
    }
    assertThat(files).as("files looked at").hasSizeGreaterThan(100);
    assertThat(offenders).as("lines that refer outside the repository").isEmpty();
  }

  @Test
  void shouldCarryItsOwnTestCorpusWithAManifest() throws IOException {
    Path corpus = home.resolve("testdata/images");
    List<String> manifest = Files.readAllLines(corpus.resolve("MANIFEST.tsv"));
    long bytes = 0;
    for (String line : manifest.subList(1, manifest.size())) {
      Path image = corpus.resolve(line.split("\t")[0]);
      assertThat(image).as("listed in MANIFEST.tsv").isRegularFile();
      bytes += Files.size(image);
    }
    try (Stream<Path> listed = Files.list(corpus)) {
      assertThat(listed.filter(p -> p.toString().matches(".*\\.(jpg|png)$")).count())
          .as("every image has a MANIFEST row")
          .isEqualTo(manifest.size() - 1);
    }
    assertThat(bytes).as("small enough to clone comfortably").isLessThan(10_000_000);
  }

  /** The files git tracks when this is a clone; every file but build output otherwise. */
  private List<Path> projectFiles() throws IOException {
    if (Files.isDirectory(home.resolve(".git"))) {
      Process git =
          new ProcessBuilder("git", "-C", home.toString(), "ls-files", "-z")
              .redirectErrorStream(true)
              .start();
      String out;
      try (InputStream in = git.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      try {
        assertThat(git.waitFor()).as("git ls-files: " + out).isZero();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      return Stream.of(out.split("\0"))
          .filter(s -> !s.isEmpty())
          .map(home::resolve)
          .filter(Files::isRegularFile)
          .toList();
    }
    try (Stream<Path> walk = Files.walk(home)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> home.relativize(p).getNameCount() > 0)
          .filter(p -> !NOT_OURS.contains(home.relativize(p).getName(0).toString()))
          .filter(
              p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
          .toList();
    }
  }

  private static boolean isBinary(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
