package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a person would see: each corpus photo rendered by our pipeline is compared, region by
 * region, with the same rendition made by libvips (sharp), which applies EXIF orientation and
 * converts CMYK and ICC profiles with lcms. A wrong orientation, inverted CMYK, a lost profile or a
 * greyscale tone shift moves the regional means far beyond the tolerance; resampling and encoder
 * differences do not. CMYK gets a wider tolerance: lcms and the JDK's colour engine differ by a few
 * levels on this custom press profile.
 *
 * <p>Every file goes through both JPEG decoders: the Java one and libjpeg-turbo with shrink-on-load
 * (the 512 px renditions of the 13 MP and the progressive photo are decoded at 1/8 and 1/4). Each
 * case also prints the PSNR of our rendition against libvips', which docs/benchmarks.md quotes per
 * decoder, and holds a floor under it.
 */
class CorpusRenditionTest {
  private static final int GRID = 4;

  private static final PipelineLimits LIMITS =
      new PipelineLimits(50_000_000, 100_000_000, 30_000, Duration.ofSeconds(60), 90, 60);

  /** file, width asked, expected width and height, regional tolerance, PSNR floor in dB. */
  private static final List<Arguments> FILES =
      List.of(
          Arguments.of("cmyk_icc_0.6mp.jpg", 96, 96, 64, 12, 24.0),
          Arguments.of("path_1mp_icc_444.jpg", 96, 96, 60, 5, 30.0),
          Arguments.of("grey_1mp.jpg", 96, 96, 60, 5, 30.0),
          Arguments.of("exif_orient6.jpg", 96, 96, 64, 5, 30.0),
          Arguments.of("ladybird_cutout_rgba.png", 96, 96, 60, 5, 30.0),
          Arguments.of("storm_2.5mp.jpg", 96, 96, 64, 5, 30.0),
          Arguments.of("eveningglow_p3_progressive.jpg", 96, 96, 60, 5, 30.0),
          Arguments.of("kleiber_13mp.jpg", 512, 512, 288, 5, 30.0),
          Arguments.of("dragonfly_3mp_progressive.jpg", 512, 512, 384, 5, 30.0));

  static Stream<Arguments> cases() {
    return Stream.of(JpegDecoders.JAVA, JpegDecoders.LIBJPEG_TURBO)
        .flatMap(
            decoder ->
                FILES.stream()
                    .map(
                        f -> {
                          Object[] a = f.get();
                          return Arguments.of(decoder, a[0], a[1], a[2], a[3], a[4], a[5]);
                        }));
  }

  @ParameterizedTest(name = "{1} with {0}")
  @MethodSource("cases")
  void shouldLookLikeLibvipsMakesIt(
      String decoder,
      String file,
      int asked,
      int width,
      int height,
      int tolerance,
      double psnrFloor)
      throws Exception {
    Path source = Path.of(System.getProperty("darkroom.corpus"), file);
    ImagePipeline pipeline = new ImagePipeline(LIMITS, TestDecoders.named(decoder));
    PipelineResult result =
        pipeline.process(
            source,
            List.of(new RenditionSpec("ref", asked, null, Fit.INSIDE, OutputFormat.PNG, null)));

    BufferedImage ours = ImageIO.read(new ByteArrayInputStream(result.renditions().get(0).data()));
    String suffix = asked == 96 ? ".ref.png" : "." + asked + ".ref.png";
    BufferedImage reference;
    try (InputStream in =
        getClass().getResourceAsStream("/reference/" + file.replaceAll("\\.(jpg|png)$", suffix))) {
      reference = ImageIO.read(in);
    }

    // libjpeg-turbo reads every JPEG but the CMYK one; PNG is never its
    boolean nativeJpeg =
        decoder.equals(JpegDecoders.LIBJPEG_TURBO)
            && file.endsWith(".jpg")
            && !file.contains("cmyk");
    assertThat(result.decoder())
        .isEqualTo(nativeJpeg ? JpegDecoders.LIBJPEG_TURBO : JpegDecoders.JAVA);
    assertThat(ours.getWidth()).isEqualTo(width);
    assertThat(ours.getHeight()).isBetween(height - 1, height + 1);
    assertThat(ours.getColorModel().hasAlpha()).isEqualTo(reference.getColorModel().hasAlpha());
    double worst = 0;
    for (int gy = 0; gy < GRID; gy++) {
      for (int gx = 0; gx < GRID; gx++) {
        int[] a = cellMean(ours, gx, gy);
        int[] b = cellMean(reference, gx, gy);
        for (int c = 0; c < 4; c++) {
          worst = Math.max(worst, Math.abs(a[c] - b[c]));
        }
      }
    }
    double psnr = psnr(ours, reference);
    System.out.printf(
        "%s with %s: worst regional channel difference from libvips %.0f/255, PSNR %.1f dB%n",
        file, decoder, worst, psnr);
    assertThat(worst).isLessThanOrEqualTo(tolerance);
    assertThat(psnr).isGreaterThanOrEqualTo(psnrFloor);
  }

  /**
   * Peak signal-to-noise ratio over R, G and B of both images composited over white, on the rows
   * both have (heights may differ by one).
   */
  private static double psnr(BufferedImage a, BufferedImage b) {
    int w = Math.min(a.getWidth(), b.getWidth());
    int h = Math.min(a.getHeight(), b.getHeight());
    double sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          double d = overWhite(p, shift) - overWhite(q, shift);
          sum += d * d;
        }
      }
    }
    double mse = sum / (3.0 * w * h);
    return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  private static double overWhite(int argb, int shift) {
    double alpha = (argb >>> 24) / 255.0;
    return ((argb >> shift) & 0xFF) * alpha + 255 * (1 - alpha);
  }

  /**
   * Mean A, R, G, B of one grid cell; colour is weighted by alpha so transparent pixels count for
   * nothing.
   */
  private static int[] cellMean(BufferedImage image, int gx, int gy) {
    int x0 = image.getWidth() * gx / GRID;
    int x1 = image.getWidth() * (gx + 1) / GRID;
    int y0 = image.getHeight() * gy / GRID;
    int y1 = image.getHeight() * (gy + 1) / GRID;
    long a = 0, r = 0, g = 0, b = 0, n = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int argb = image.getRGB(x, y);
        int alpha = argb >>> 24;
        a += alpha;
        r += ((argb >> 16) & 0xFF) * alpha;
        g += ((argb >> 8) & 0xFF) * alpha;
        b += (argb & 0xFF) * alpha;
        n++;
      }
    }
    return a == 0
        ? new int[] {0, 0, 0, 0}
        : new int[] {(int) (a / n), (int) (r / a), (int) (g / a), (int) (b / a)};
  }
}
