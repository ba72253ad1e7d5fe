package io.darkroom.api.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.schema.SourceFormat;
import org.junit.jupiter.api.Test;

class ExtensionsTest {
  @Test
  void shouldMapExtensionsToFormatsIgnoringCaseBlanksAndALeadingDot() {
    assertThat(Extensions.format(" .JPG ")).contains(SourceFormat.JPEG);
    assertThat(Extensions.format("tif")).contains(SourceFormat.TIFF);
    assertThat(Extensions.format("webp")).contains(SourceFormat.WEBP);
  }

  @Test
  void shouldRefuseWhatIsNotARasterFormatWeDecode() {
    assertThat(Extensions.format("svg")).isEmpty();
    assertThat(Extensions.format("jpg.exe")).isEmpty();
    assertThat(Extensions.format("")).isEmpty();
  }

  @Test
  void shouldListEverySupportedExtensionInTheRefusal() {
    assertThat(Extensions.SUPPORTED).isEqualTo("bmp, gif, jpeg, jpg, png, tif, tiff, webp");
  }
}
