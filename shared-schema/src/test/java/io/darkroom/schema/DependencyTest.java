package io.darkroom.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** shared-schema is the contract both services depend on: it must import nothing of theirs. */
class DependencyTest {
  @Test
  void shouldImportNothingOfTheServices() throws IOException {
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      List<String> offending =
          sources
              .filter(p -> p.toString().endsWith(".java"))
              .filter(
                  p -> {
                    try {
                      String text = Files.readString(p);
                      return text.contains("import io.darkroom.api")
                          || text.contains("import io.darkroom.worker")
                          || text.contains("import io.darkroom.stack");
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .map(Path::toString)
              .toList();
      assertThat(offending).isEmpty();
    }
  }
}
