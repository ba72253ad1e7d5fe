package io.darkroom.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceFormatTest {
  private static Optional<SourceFormat> sniff(int... bytes) {
    byte[] head = new byte[SourceFormat.SNIFF_BYTES];
    for (int i = 0; i < bytes.length && i < head.length; i++) {
      head[i] = (byte) bytes[i];
    }
    return SourceFormat.sniff(head, Math.max(bytes.length, 14));
  }

  @Test
  void shouldRecogniseEverySupportedFormatByItsMagicBytes() {
    assertThat(sniff(0xFF, 0xD8, 0xFF, 0xE0)).contains(SourceFormat.JPEG);
    assertThat(sniff(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)).contains(SourceFormat.PNG);
    assertThat(sniff('G', 'I', 'F', '8', '9', 'a')).contains(SourceFormat.GIF);
    assertThat(sniff('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P'))
        .contains(SourceFormat.WEBP);
    assertThat(sniff('I', 'I', 0x2A, 0x00)).contains(SourceFormat.TIFF);
    assertThat(sniff('M', 'M', 0x00, 0x2A)).contains(SourceFormat.TIFF);
    assertThat(sniff('B', 'M')).contains(SourceFormat.BMP);
  }

  @Test
  void shouldFindTheFormatOfAMediaTypeWhateverItsCase() {
    assertThat(SourceFormat.byMediaType(" Image/JPEG ")).contains(SourceFormat.JPEG);
    assertThat(SourceFormat.byMediaType("image/webp")).contains(SourceFormat.WEBP);
    assertThat(SourceFormat.byMediaType("image/svg+xml")).isEmpty();
  }

  @Test
  void shouldRefuseSvgTextAndLookalikes() {
    byte[] svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".getBytes(StandardCharsets.UTF_8);
    assertThat(SourceFormat.sniff(svg, svg.length)).isEmpty();
    assertThat(sniff('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E')).isEmpty();
    assertThat(sniff(0xFF, 0xD8)).isEmpty();
  }

  @Test
  void shouldNotReadPastTheValidLength() {
    byte[] head = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertThat(SourceFormat.sniff(head, 2)).isEmpty();
    assertThat(SourceFormat.sniff(head, 0)).isEmpty();
  }
}
