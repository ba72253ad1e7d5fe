package io.darkroom.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsoleHeadersTest {
  @Test
  void shouldNameStoragesOriginWithoutItsPathInThePolicy() {
    assertThat(ConsoleHeaders.origin("https://media.example.com/darkroom/"))
        .isEqualTo("https://media.example.com");
    assertThat(ConsoleHeaders.origin(" http://127.0.0.1:9000 ")).isEqualTo("http://127.0.0.1:9000");
  }

  @Test
  void shouldAllowOnlyOurOriginAndStoragesForScriptsConnectionsAndImages() {
    String policy = ConsoleHeaders.policy("https://media.example.com");

    assertThat(policy)
        .startsWith("default-src 'none';")
        .contains("script-src 'self';", "style-src 'self';")
        .contains("connect-src 'self' https://media.example.com;")
        .contains("img-src 'self' blob: data: https://media.example.com;")
        .contains("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", " * ");
  }

  @Test
  void shouldRefuseAStorageEndpointThatIsNotAUrl() {
    assertThatThrownBy(() -> ConsoleHeaders.origin("minio:9000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("public-endpoint");
  }
}
