package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SrgbProfileTest {
  private static Path corpus(String file) {
    return Path.of(System.getProperty("darkroom.corpus"), file);
  }

  @Test
  void shouldTakeTheJdksAndACamerasCopyOfSrgbAsSrgb() throws Exception {
    assertThat(SrgbProfile.matches(ICC_Profile.getInstance(ColorSpace.CS_sRGB))).isTrue();
    // "sRGB IEC61966-2.1" as image editors embed it: other bytes, same colours
    ICC_Profile embedded = NativeJpeg.layout(corpus("path_1mp_icc_444.jpg")).profile();
    assertThat(embedded.getData())
        .isNotEqualTo(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
    assertThat(SrgbProfile.matches(embedded)).isTrue();
  }

  @Test
  void shouldConvertFromDisplayP3AndFromSrgbPrimariesWithAnotherToneCurve() throws Exception {
    assertThat(
            SrgbProfile.matches(
                NativeJpeg.layout(corpus("eveningglow_p3_progressive.jpg")).profile()))
        .isFalse();
    assertThat(SrgbProfile.matches(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB))).isFalse();

    // sRGB's colorants with a plain gamma 2.2 curve: close, but not sRGB in the shadows
    byte[] data = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    ICC_Profile srgb = ICC_Profile.getInstance(data);
    byte[] gamma =
        ByteBuffer.allocate(14)
            .put("curv".getBytes())
            .putInt(0)
            .putInt(1)
            .putShort((short) (2.2 * 256))
            .array();
    srgb.setData(tag("rTRC"), gamma);
    srgb.setData(tag("gTRC"), gamma);
    srgb.setData(tag("bTRC"), gamma);
    assertThat(SrgbProfile.matches(srgb)).isFalse();
  }

  private static int tag(String name) {
    return (name.charAt(0) << 24) | (name.charAt(1) << 16) | (name.charAt(2) << 8) | name.charAt(3);
  }
}
