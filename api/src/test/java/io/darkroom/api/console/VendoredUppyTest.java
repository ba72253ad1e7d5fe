package io.darkroom.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's one third-party library is served as it was published: each file's SHA-256 is the
 * one recorded with its version and source in VENDORED.json. Replacing it means recording the new
 * version's sums (and checking them against the npm tarball's integrity).
 */
class VendoredUppyTest {
  private static final String DIR = "ui/vendor/uppy/";

  @Test
  void shouldServeUppyByteForByteAsRecorded() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(read("VENDORED.json"));
    assertThat(manifest.get("name").asText()).isEqualTo("uppy");
    assertThat(manifest.get("license").asText()).isEqualTo("MIT");
    assertThat(manifest.get("source").asText())
        .isEqualTo(
            "https://registry.npmjs.org/uppy/-/uppy-" + manifest.get("version").asText() + ".tgz");
    Iterator<Map.Entry<String, JsonNode>> files = manifest.get("files").fields();
    int checked = 0;
    while (files.hasNext()) {
      Map.Entry<String, JsonNode> file = files.next();
      String sum =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(read(file.getKey())));
      assertThat(sum).as(file.getKey()).isEqualTo(file.getValue().get("sha256").asText());
      checked++;
    }
    assertThat(checked).as("the script, its styles and its licence").isEqualTo(3);
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = VendoredUppyTest.class.getClassLoader().getResourceAsStream(DIR + name)) {
      assertThat(in).as(DIR + name).isNotNull();
      return in.readAllBytes();
    }
  }
}
