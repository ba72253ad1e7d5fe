package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.testkit.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePipelineTest {
  private static final List<RenditionSpec> THUMBNAIL =
      List.of(new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null));

  private final ImagePipeline pipeline =
      new ImagePipeline(
          new PipelineLimits(50_000_000, 100_000_000, 30_000, Duration.ofSeconds(30), 82, 60));

  @TempDir Path dir;

  @Test
  void shouldRejectADecompressionBombFromItsHeaderBeforeDecoding() throws Exception {
    Path bomb = write("bomb.png", TestImages.pngHeaderClaiming(65_000, 65_000));
    assertThat(Files.size(bomb)).isLessThan(1024);

    long started = System.nanoTime();
    assertThatThrownBy(() -> pipeline.process(bomb, THUMBNAIL))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.TOO_MANY_PIXELS));
    // Not a timing assertion of speed: a decode of 4.2 gigapixels could not even allocate its
    // buffer in this time, so a quick answer means it was refused from the header.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldRefuseSvgAsUnsupported() throws Exception {
    Path svg = write("x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes());

    assertThatThrownBy(() -> pipeline.process(svg, THUMBNAIL))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.UNSUPPORTED_FORMAT));
  }

  @Test
  void shouldKeepAlphaInPngAndFlattenItOntoWhiteForJpeg() throws Exception {
    Path png = write("clear.png", TestImages.png(200, 200, new Color(255, 0, 0, 0)));

    PipelineResult result =
        pipeline.process(
            png,
            List.of(
                new RenditionSpec("auto", 50, 50, Fit.COVER, OutputFormat.AUTO, null),
                new RenditionSpec("jpeg", 50, 50, Fit.COVER, OutputFormat.JPEG, null)));

    RenderedImage auto = result.renditions().get(0);
    assertThat(auto.format()).isEqualTo(OutputFormat.PNG);
    BufferedImage autoImage = ImageIO.read(new ByteArrayInputStream(auto.data()));
    assertThat(autoImage.getColorModel().hasAlpha()).isTrue();
    assertThat(new Color(autoImage.getRGB(25, 25), true).getAlpha()).isZero();

    BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(result.renditions().get(1).data()));
    Color flattened = new Color(jpeg.getRGB(25, 25));
    assertThat(flattened.getRed()).isGreaterThan(245);
    assertThat(flattened.getGreen()).isGreaterThan(245);
    assertThat(flattened.getBlue()).isGreaterThan(245);
  }

  @Test
  void shouldWriteWebpWithAlpha() throws Exception {
    Path png = write("half.png", TestImages.png(200, 100, new Color(0, 0, 255, 128)));

    PipelineResult result =
        pipeline.process(
            png, List.of(new RenditionSpec("w", 100, null, Fit.INSIDE, OutputFormat.WEBP, 80)));

    RenderedImage webp = result.renditions().get(0);
    assertThat(webp.format()).isEqualTo(OutputFormat.WEBP);
    assertThat(new String(webp.data(), 0, 4)).isEqualTo("RIFF");
    assertThat(new String(webp.data(), 8, 4)).isEqualTo("WEBP");
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(webp.data()));
    assertThat(decoded.getWidth()).isEqualTo(100);
    assertThat(decoded.getHeight()).isEqualTo(50);
    Color centre = new Color(decoded.getRGB(50, 25), true);
    assertThat(centre.getAlpha()).isBetween(118, 138);
    assertThat(centre.getBlue()).isGreaterThan(230);
  }

  @Test
  void shouldStopAtTheTimeBudgetWithAReason() throws Exception {
    ImagePipeline impatient =
        new ImagePipeline(
            new PipelineLimits(50_000_000, 100_000_000, 30_000, Duration.ofMillis(1), 82, 60));
    Path photo = Path.of(System.getProperty("darkroom.corpus"), "kleiber_13mp.jpg");

    assertThatThrownBy(() -> impatient.process(photo, THUMBNAIL))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.TIME_BUDGET_EXCEEDED));
  }

  private Path write(String name, byte[] data) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, data);
    return file;
  }
}
