package io.darkroom.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is generated at compile time from the controllers, and a copy is committed
 * in docs/openapi: any change of the api's contract shows in review as a change of that file, and
 * the build fails until the copy says what the code does.
 */
class OpenApiDocumentTest {
  static final String NAME = "darkroom-api-v1.yml";
  static final Path COMMITTED =
      Path.of(System.getProperty("darkroom.home"), "docs", "openapi", NAME);

  @Test
  void shouldMatchTheCommittedDocument() throws IOException {
    Path generated = Path.of("target", "classes", "META-INF", "swagger", NAME);

    assertThat(Files.readString(generated))
        .as(
            "The api's contract changed: review the difference, then commit it with"
                + " cp api/%s docs/openapi/",
            generated)
        .isEqualTo(Files.readString(COMMITTED));
  }
}
