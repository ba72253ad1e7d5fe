package io.darkroom.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;

class ImageHeadersTest {
  private static final ImageHeaders.Limits LIMITS = new ImageHeaders.Limits(100_000_000, 30_000);

  @Test
  void shouldRefuseTheBmpThatEmbedsAPngAndClaimsOnePointFiveGigabytesBeforeAnyDecoder() {
    byte[] bmp = bmp(10, 10, 24, 5, 1_500_000_000L, 118);
    assertThat(bmp).hasSize(118);

    assertRefused(bmp, FailureCode.UNSUPPORTED_FORMAT, "embed a PNG");
    assertRefused(bmp(10, 10, 24, 4, 0, 118), FailureCode.UNSUPPORTED_FORMAT, "embed a JPEG");
  }

  @Test
  void shouldRefuseABmpWhoseSizesClaimMoreThanTheFileHolds() {
    assertRefused(bmp(10, 10, 24, 0, 200_000_000L, 400), FailureCode.CORRUPT_IMAGE, "claims");
    // 50000x50000 at 24 bits needs 7.5 GB of rows: the file has a few hundred bytes
    assertRefused(bmp(50_000, 50_000, 24, 0, 0, 400), FailureCode.CORRUPT_IMAGE, "truncated");
    assertRefused(bmp(0, 10, 24, 0, 0, 400), FailureCode.CORRUPT_IMAGE, "no pixels");
  }

  @Test
  void shouldReadAnHonestBmpWithTheJdksPureJavaReader() throws Exception {
    byte[] bmp = encode(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "bmp");

    ImageReader reader = open(bmp);
    try {
      assertThat(reader.getOriginatingProvider().getClass().getName())
          .isEqualTo("com.sun.imageio.plugins.bmp.BMPImageReaderSpi");
      assertThat(reader.read(0).getWidth()).isEqualTo(30);
    } finally {
      reader.dispose();
    }
  }

  @Test
  void shouldRefuseTooManyPixelsAndTooLongASideFromTheHeader() throws Exception {
    byte[] png = encode(new BufferedImage(300, 20, BufferedImage.TYPE_INT_RGB), "png");

    ImageHeaders.Limits small = new ImageHeaders.Limits(5_000, 30_000);
    assertThatThrownBy(() -> inspect(png, small))
        .isInstanceOfSatisfying(
            ImageHeaders.Refused.class,
            r -> assertThat(r.code()).isEqualTo(FailureCode.TOO_MANY_PIXELS));
    ImageHeaders.Limits narrow = new ImageHeaders.Limits(100_000, 200);
    assertThatThrownBy(() -> inspect(png, narrow))
        .isInstanceOfSatisfying(
            ImageHeaders.Refused.class,
            r -> assertThat(r.code()).isEqualTo(FailureCode.DIMENSIONS_TOO_LARGE));
    assertThat(inspect(png, LIMITS)).isEqualTo(new ImageHeaders.Header(SourceFormat.PNG, 300, 20));
  }

  @Test
  void shouldRefuseWhatIsNotAnAcceptedFormatAndADamagedHeader() {
    assertRefused(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>".getBytes(),
        FailureCode.UNSUPPORTED_FORMAT,
        "not an image");
    byte[] png = encode(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "png");
    assertRefused(Arrays.copyOf(png, 12), FailureCode.CORRUPT_IMAGE, "damaged");
  }

  private static void assertRefused(byte[] file, FailureCode code, String detail) {
    assertThatThrownBy(() -> inspect(file, LIMITS))
        .isInstanceOfSatisfying(
            ImageHeaders.Refused.class,
            r -> {
              assertThat(r.code()).isEqualTo(code);
              assertThat(r.getMessage()).contains(detail);
            });
  }

  private static ImageHeaders.Header inspect(byte[] file, ImageHeaders.Limits limits)
      throws Exception {
    byte[] head = Arrays.copyOf(file, Math.min(file.length, ImageHeaders.HEAD_BYTES));
    try (var input = new MemoryCacheImageInputStream(new ByteArrayInputStream(file))) {
      return ImageHeaders.inspect(head, input, file.length, limits);
    }
  }

  private static ImageReader open(byte[] file) throws Exception {
    byte[] head = Arrays.copyOf(file, Math.min(file.length, ImageHeaders.HEAD_BYTES));
    return ImageHeaders.open(
            head,
            new MemoryCacheImageInputStream(new ByteArrayInputStream(file)),
            file.length,
            LIMITS)
        .reader();
  }

  /** A BITMAPFILEHEADER + BITMAPINFOHEADER saying what the test wants, padded to {@code total}. */
  static byte[] bmp(int width, int height, int bits, int compression, long imageSize, int total) {
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'B').put((byte) 'M').putInt(total).putInt(0).putInt(54);
    b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) bits);
    b.putInt(compression).putInt((int) imageSize).putInt(2835).putInt(2835).putInt(0).putInt(0);
    return b.array();
  }

  private static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
