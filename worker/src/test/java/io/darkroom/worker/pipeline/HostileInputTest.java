package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.Fit;
import io.darkroom.schema.ImageDecoders;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SourceFormat;
import io.darkroom.testkit.HostileFiles;
import io.darkroom.testkit.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pipeline's own defences: which decoder reads what, damaged data, and memory. */
class HostileInputTest {
  private static final List<RenditionSpec> THUMBNAIL =
      List.of(new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null));
  private static final PipelineLimits LIMITS =
      new PipelineLimits(50_000_000, 100_000_000, 30_000, Duration.ofSeconds(30), 82, 60);

  private final ImagePipeline pipeline = new ImagePipeline(LIMITS);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SourceFormat.class)
  void shouldDecodeEveryFormatWithItsAllowListedPureJavaReaderWhateverTheRegistryOrder(
      SourceFormat format) {
    ImageReader reader = ImageDecoders.reader(format);
    try {
      String provider = reader.getOriginatingProvider().getClass().getName();
      assertThat(provider).isEqualTo(ImageDecoders.readerProvider(format));
      // the native WebP binding on the classpath (for encoding) never reads uploads
      assertThat(provider).doesNotStartWith("com.luciad");
    } finally {
      reader.dispose();
    }
  }

  @Test
  void shouldNeverChooseTheNativeWebpReaderEvenWhenItIsRegisteredFirst() {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    List<ImageReaderSpi> webp = new ArrayList<>();
    registry
        .getServiceProviders(ImageReaderSpi.class, true)
        .forEachRemaining(
            spi -> {
              if (Arrays.asList(spi.getFormatNames()).contains("webp")
                  || Arrays.asList(spi.getFormatNames()).contains("WebP")) {
                webp.add(spi);
              }
            });
    ImageReaderSpi nativeOne =
        webp.stream()
            .filter(s -> s.getClass().getName().startsWith("com.luciad"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the native WebP binding is on the classpath"));
    for (ImageReaderSpi other : webp) {
      if (other != nativeOne) {
        registry.setOrdering(ImageReaderSpi.class, nativeOne, other);
      }
    }
    assertThat(ImageIO.getImageReadersByFormatName("webp").next().getOriginatingProvider())
        .as("ImageIO itself now prefers the native reader")
        .isSameAs(nativeOne);

    ImageReader chosen = ImageDecoders.reader(SourceFormat.WEBP);
    assertThat(chosen.getOriginatingProvider().getClass().getName())
        .isEqualTo("com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi");
    chosen.dispose();
  }

  @Test
  void shouldRefuseTheBmpThatEmbedsAPngAndClaimsOnePointFiveGigabytes() throws Exception {
    byte[] bomb = HostileFiles.named("bmp-embedded-png-huge-size.bmp").bytes(); // 118 bytes
    Path bmp = write("bomb.bmp", bomb);

    assertThatThrownBy(() -> pipeline.process(bmp, THUMBNAIL))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> {
              assertThat(f.code()).isEqualTo(FailureCode.UNSUPPORTED_FORMAT);
              assertThat(f.getMessage()).contains("embed a PNG");
            });
  }

  @Test
  void shouldFailATruncatedJpegAsCorruptInsteadOfMakingGreyRenditions() throws Exception {
    byte[] jpeg = TestImages.jpeg(800, 600, Color.ORANGE);
    for (int cut : new int[] {400, jpeg.length * 6 / 10}) {
      Path truncated = write("cut-" + cut + ".jpg", Arrays.copyOf(jpeg, cut));

      assertThatThrownBy(() -> pipeline.process(truncated, THUMBNAIL))
          .as("cut at " + cut + " of " + jpeg.length)
          .isInstanceOfSatisfying(
              ProcessingFailure.class,
              f -> {
                assertThat(f.code()).isEqualTo(FailureCode.CORRUPT_IMAGE);
                // cut in its header: refused before decoding; cut in its data: by the warning
                assertThat(f.getMessage())
                    .containsAnyOf("claims more bytes than the file", "damaged or truncated");
              });
    }
  }

  @Test
  void shouldFailATruncatedPngAsCorrupt() throws Exception {
    byte[] png = noisePng(400, 300);
    Path truncated = write("cut.png", Arrays.copyOf(png, png.length / 2));

    assertThatThrownBy(() -> pipeline.process(truncated, THUMBNAIL))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.CORRUPT_IMAGE));
  }

  @Test
  void shouldRefuseARenditionCanvasOverTheLimitEvenForATinySource() throws Exception {
    Path tiny = write("tiny.png", TestImages.png(1, 1, Color.RED));
    List<RenditionSpec> huge =
        List.of(new RenditionSpec("huge", 8192, 8192, Fit.CONTAIN, OutputFormat.PNG, null));

    assertThatThrownBy(() -> pipeline.process(tiny, huge))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.INVALID_RENDITION));
  }

  @Test
  void shouldRefuseWhatCouldNeverFitTheMemoryBudgetWithAPermanentCode() throws Exception {
    // a 64 MB heap gives decodes 38 MB: a 4096x4096 canvas alone needs more than that
    ImagePipeline small = new ImagePipeline(LIMITS, JpegDecoders.javaOnly(), 64L * 1024 * 1024);
    Path photo = write("photo.png", TestImages.png(600, 400, Color.BLUE));
    List<RenditionSpec> big =
        List.of(new RenditionSpec("big", 4096, 4096, Fit.FILL, OutputFormat.JPEG, null));

    assertThatThrownBy(() -> small.process(photo, big))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> {
              assertThat(f.code()).isEqualTo(FailureCode.MEMORY_BUDGET_EXCEEDED);
              assertThat(f.getMessage()).contains("MiB");
            });
    // the same budget makes a sensible rendition of the same photo
    assertThat(small.process(photo, THUMBNAIL).renditions()).hasSize(1);
  }

  @Test
  void shouldDecodeALargeSourceCoarserRatherThanRefuseItWhenTheBudgetIsTight() throws Exception {
    ImagePipeline small = new ImagePipeline(LIMITS, JpegDecoders.javaOnly(), 64L * 1024 * 1024);
    // 4000x4000 RGBA: a full decode with its copies needs far more than 38 MB
    Path large = write("large.png", TestImages.png(4000, 4000, Color.GREEN));

    PipelineResult result = small.process(large, THUMBNAIL);

    assertThat(result.sourceWidth()).isEqualTo(4000);
    assertThat(result.renditions().get(0).width()).isEqualTo(100);
  }

  private static byte[] noisePng(int w, int h) throws Exception {
    var image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    var out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private Path write(String name, byte[] data) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, data);
    return file;
  }
}
