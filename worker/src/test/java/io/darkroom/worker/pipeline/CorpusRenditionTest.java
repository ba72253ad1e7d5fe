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
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a person would see: each corpus photo rendered by our pipeline is compared, region by
 * region, with the same rendition made by libvips (sharp), which applies EXIF orientation and
 * converts CMYK and ICC profiles with lcms. A wrong orientation, inverted CMYK, a lost profile or a
 * greyscale tone shift moves the regional means far beyond the tolerance; resampling and encoder
 * differences do not. CMYK gets a wider tolerance: lcms and the JDK's colour engine differ by a few
 * levels on this custom press profile.
 */
class CorpusRenditionTest {
  private static final int GRID = 4;

  private final ImagePipeline pipeline =
      new ImagePipeline(
          new PipelineLimits(50_000_000, 100_000_000, 30_000, Duration.ofSeconds(60), 90, 60));

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "cmyk_icc_0.6mp.jpg, 96, 64, 12",
    "path_1mp_icc_444.jpg, 96, 60, 5",
    "grey_1mp.jpg, 96, 60, 5",
    "exif_orient6.jpg, 96, 64, 5",
    "ladybird_cutout_rgba.png, 96, 60, 5",
    "storm_2.5mp.jpg, 96, 64, 5"
  })
  void shouldLookLikeLibvipsMakesIt(String file, int width, int height, int tolerance)
      throws Exception {
    Path source = Path.of(System.getProperty("darkroom.corpus"), file);
    PipelineResult result =
        pipeline.process(
            source,
            List.of(new RenditionSpec("ref", 96, null, Fit.INSIDE, OutputFormat.PNG, null)));

    BufferedImage ours = ImageIO.read(new ByteArrayInputStream(result.renditions().get(0).data()));
    BufferedImage reference;
    try (InputStream in =
        getClass()
            .getResourceAsStream("/reference/" + file.replaceAll("\\.(jpg|png)$", ".ref.png"))) {
      reference = ImageIO.read(in);
    }

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
    System.out.printf("%s: worst regional channel difference from libvips %.0f/255%n", file, worst);
    assertThat(worst).isLessThanOrEqualTo(tolerance);
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
