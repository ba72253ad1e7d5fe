package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.testkit.TestImages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.exceptions.ConfigurationException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libjpeg-turbo's path: how the decoder is chosen, how far a JPEG is shrunk on load, what its
 * native buffers cost the budget, and how a file it fails on ends. The corpus and hostile-file
 * suites run through this path too ({@link CorpusRenditionTest}, {@link HostileFilesTest}).
 */
class NativeJpegTest {
  private static final PipelineLimits LIMITS =
      new PipelineLimits(50_000_000, 100_000_000, 30_000, Duration.ofSeconds(30), 82, 60);
  private static final List<RenditionSpec> THUMBNAIL =
      List.of(new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null));

  @TempDir Path dir;

  @Test
  void shouldChooseTheDecoderAsConfiguredAndExportItWithTheLibrarysVersion() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JpegDecoders turbo = new JpegDecoders("libjpeg-turbo", registry);

    assertThat(turbo.name()).isEqualTo(JpegDecoders.LIBJPEG_TURBO);
    assertThat(turbo.version())
        .hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d+\\.\\d+"));
    Gauge info = registry.get("darkroom.worker.jpeg.decoder.info").gauge();
    assertThat(info.getId().getTag("decoder")).isEqualTo("libjpeg-turbo");
    assertThat(info.getId().getTag("version")).isEqualTo(turbo.version().orElseThrow());
    assertThat(info.value()).isEqualTo(1.0);

    assertThat(new JpegDecoders("auto", new SimpleMeterRegistry()).name())
        .as("auto takes libjpeg-turbo where it is installed")
        .isEqualTo(JpegDecoders.LIBJPEG_TURBO);
    assertThat(new JpegDecoders("java", new SimpleMeterRegistry()).name())
        .as("java is the Java decoder even where libjpeg-turbo is installed")
        .isEqualTo(JpegDecoders.JAVA);
    assertThatThrownBy(() -> new JpegDecoders("libjpeg", new SimpleMeterRegistry()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auto, libjpeg-turbo or java");
  }

  @Test
  void shouldRunTheJavaDecoderWhereTheLibraryIsMissingUnlessItIsRequired() throws Exception {
    Supplier<TurboJpeg> missing =
        () -> {
          throw new UnsatisfiedLinkError("Unable to load library 'turbojpeg'");
        };

    JpegDecoders auto = new JpegDecoders("auto", missing, new SimpleMeterRegistry());
    assertThat(auto.name()).isEqualTo(JpegDecoders.JAVA);
    assertThat(auto.version()).isEmpty();
    Path photo = write("photo.jpg", TestImages.jpeg(800, 600, Color.ORANGE));
    assertThat(new ImagePipeline(LIMITS, auto).process(photo, THUMBNAIL).decoder())
        .isEqualTo(JpegDecoders.JAVA);

    assertThatThrownBy(() -> new JpegDecoders("libjpeg-turbo", missing, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install libturbojpeg0");
  }

  @Test
  void shouldShrinkOnLoadAsFarAsTheLargestRenditionStillFits() {
    // needed scale = the largest rendition's size over the source's
    assertThat(NativeJpeg.reduction(2048.0 / 4800)).isEqualTo(2); // 2400 >= 2048
    assertThat(NativeJpeg.reduction(1024.0 / 4800)).isEqualTo(4); // 1200 >= 1024
    assertThat(NativeJpeg.reduction(512.0 / 4800)).isEqualTo(8); // 600 >= 512
    assertThat(NativeJpeg.reduction(0.125)).isEqualTo(8); // exactly 1/8
    assertThat(NativeJpeg.reduction(0.126)).isEqualTo(4);
    assertThat(NativeJpeg.reduction(0.9)).isEqualTo(1);
    assertThat(NativeJpeg.scaled(4801, 8)).as("rounded up, as libjpeg-turbo does").isEqualTo(601);
  }

  @Test
  void shouldCountTheFileTheDecodeAndEveryCoefficientOfAMultiScanJpegAsNativeMemory() {
    long baseline = NativeJpeg.nativeBytes(1_000_000, 4000, 3000, 4, false);
    long progressive = NativeJpeg.nativeBytes(1_000_000, 4000, 3000, 4, true);

    // the file and a 1000x750 decode of packed ints, over the library's fixed share
    assertThat(baseline - NativeJpeg.nativeBytes(0, 4000, 3000, 8, false))
        .isEqualTo(1_000_000 + 1000L * 750 * 4 - 500L * 375 * 4);
    // a progressive file keeps every full-size coefficient whatever the scale: 3 components at 2
    // bytes each
    assertThat(progressive - baseline).isEqualTo(4000L * 3000 * 3 * 2);
  }

  @Test
  void shouldDecodePlainJpegWithLibjpegTurboAndCountIt() throws Exception {
    JpegDecoders decoders = JpegDecoders.libjpegTurbo();
    Path photo = write("photo.jpg", TestImages.jpeg(800, 600, Color.ORANGE));

    PipelineResult result = new ImagePipeline(LIMITS, decoders).process(photo, THUMBNAIL);

    assertThat(result.decoder()).isEqualTo(JpegDecoders.LIBJPEG_TURBO);
    assertThat(result.renditions().get(0).width()).isEqualTo(100);
    assertThat(decoders.decodes(JpegDecoders.LIBJPEG_TURBO)).isEqualTo(1);
    assertThat(decoders.decodes(JpegDecoders.JAVA)).isZero();
  }

  @Test
  void shouldFailATruncatedJpegAsDamagedFromLibjpegTurbosWarningWithoutAFallback()
      throws Exception {
    JpegDecoders decoders = JpegDecoders.libjpegTurbo();
    byte[] jpeg = TestImages.jpeg(800, 600, Color.ORANGE);
    Path truncated = write("cut.jpg", Arrays.copyOf(jpeg, jpeg.length * 6 / 10));

    assertThatThrownBy(() -> new ImagePipeline(LIMITS, decoders).process(truncated, THUMBNAIL))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> {
              assertThat(f.code()).isEqualTo(FailureCode.CORRUPT_IMAGE);
              assertThat(f.getMessage()).contains("damaged or truncated").contains("Premature end");
            });
    assertThat(decoders.fallbacks()).isZero();
  }

  @Test
  void shouldTryTheJavaDecoderOnceWhenLibjpegTurboFailsAndThenFailTheImageCleanly()
      throws Exception {
    JpegDecoders decoders = JpegDecoders.libjpegTurbo();
    // the scan names a component the frame does not have: the header checks pass (they end at the
    // first scan), libjpeg-turbo stops with a fatal error, and so does the Java decoder
    byte[] jpeg = TestImages.jpeg(64, 48, Color.BLUE);
    int sos = indexOf(jpeg, (byte) 0xFF, (byte) 0xDA);
    jpeg[sos + 5] = 0x77;
    Path bad = write("bad-scan.jpg", jpeg);

    assertThatThrownBy(() -> new ImagePipeline(LIMITS, decoders).process(bad, THUMBNAIL))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.CORRUPT_IMAGE));
    assertThat(decoders.fallbacks()).isEqualTo(1);
    assertThat(decoders.decodes(JpegDecoders.LIBJPEG_TURBO)).isZero();
  }

  @Test
  void shouldStopAtTheTimeBudgetOnTheNativePathToo() throws Exception {
    PipelineLimits oneMillisecond =
        new PipelineLimits(50_000_000, 100_000_000, 30_000, Duration.ofMillis(1), 82, 60);
    Path photo = write("photo.jpg", TestImages.jpeg(3000, 2000, Color.GREEN));

    assertThatThrownBy(
            () ->
                new ImagePipeline(oneMillisecond, JpegDecoders.libjpegTurbo())
                    .process(
                        photo,
                        List.of(
                            new RenditionSpec(
                                "large", 2048, null, Fit.INSIDE, OutputFormat.JPEG, null))))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.TIME_BUDGET_EXCEEDED));
  }

  @Test
  void shouldEncodeJpegRenditionsWithLibjpegTurboAsTheJdksWriterDoes() throws Exception {
    Path photo = Path.of(System.getProperty("darkroom.corpus"), "storm_2.5mp.jpg");
    List<RenditionSpec> medium =
        List.of(new RenditionSpec("medium", 1024, null, Fit.INSIDE, OutputFormat.JPEG, 82));

    RenderedImage turbo =
        new ImagePipeline(LIMITS, JpegDecoders.libjpegTurbo())
            .process(photo, medium)
            .renditions()
            .get(0);
    RenderedImage jdk =
        new ImagePipeline(LIMITS, JpegDecoders.javaOnly())
            .process(photo, medium)
            .renditions()
            .get(0);

    BufferedImage a = ImageIO.read(new ByteArrayInputStream(turbo.data()));
    BufferedImage b = ImageIO.read(new ByteArrayInputStream(jdk.data()));
    assertThat(a.getWidth()).isEqualTo(1024).isEqualTo(b.getWidth());
    assertThat(a.getHeight()).isEqualTo(b.getHeight());
    // the same quality tables and 4:2:0 chroma: about the same bytes, and the same picture
    assertThat((double) turbo.data().length / jdk.data().length).isBetween(0.8, 1.25);
    double sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          double d = ((p >> shift) & 0xFF) - ((q >> shift) & 0xFF);
          sum += d * d;
        }
      }
    }
    double psnr = 10 * Math.log10(255.0 * 255 / (sum / (3.0 * a.getWidth() * a.getHeight())));
    System.out.printf(
        "JPEG rendition: libjpeg-turbo %d bytes, JDK %d bytes, PSNR between them %.1f dB%n",
        turbo.data().length, jdk.data().length, psnr);
    assertThat(psnr).isGreaterThan(35);
  }

  @Test
  void shouldFailAJpegWhoseEmbeddedProfileTheColourEngineRefusesOnBothDecoders() throws Exception {
    // an ICC chunk whose sizes agree (so the header checks pass) but whose content is no profile
    byte[] jpeg = TestImages.jpeg(320, 240, Color.ORANGE);
    byte[] profile = new byte[512];
    java.util.Arrays.fill(profile, (byte) 0x5A);
    java.nio.ByteBuffer.wrap(profile).putInt(profile.length);
    byte[] signature = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int length = 2 + signature.length + 2 + profile.length;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(jpeg, 0, 2); // SOI
    out.write(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
    out.write(signature);
    out.write(new byte[] {1, 1});
    out.write(profile);
    out.write(jpeg, 2, jpeg.length - 2);
    Path tagged = write("garbage-profile.jpg", out.toByteArray());

    // the colours would be wrong: both decoders fail it as damaged, libjpeg-turbo without a
    // fallback
    for (JpegDecoders decoders : List.of(JpegDecoders.libjpegTurbo(), JpegDecoders.javaOnly())) {
      assertThatThrownBy(() -> new ImagePipeline(LIMITS, decoders).process(tagged, THUMBNAIL))
          .as(decoders.name())
          .isInstanceOfSatisfying(
              ProcessingFailure.class,
              f -> {
                assertThat(f.code()).isEqualTo(FailureCode.CORRUPT_IMAGE);
                assertThat(f.getMessage()).contains("ICC");
              });
      assertThat(decoders.fallbacks()).isZero();
    }
  }

  /**
   * libjpeg-turbo 2.1 reads 8-bit JPEG of one or three components. A frame header saying 12 bits or
   * four components (CMYK, YCCK) sends the file to the Java decoder: it never reaches native code,
   * whatever follows the header.
   */
  @Test
  void shouldLeaveTwelveBitAndFourComponentJpegToTheJavaDecoder() throws Exception {
    byte[] jpeg = TestImages.jpeg(64, 48, Color.BLUE);
    assertThat(NativeJpeg.layout(write("eight.jpg", jpeg)).nativeReadable()).isTrue();
    byte[] twelve = jpeg.clone();
    int sof = indexOf(twelve, (byte) 0xFF, (byte) 0xC0);
    twelve[sof + 1] = (byte) 0xC1; // extended sequential, the frame 12-bit files have
    twelve[sof + 4] = 12;
    Path twelveBit = write("twelve.jpg", twelve);

    assertThat(NativeJpeg.layout(twelveBit))
        .satisfies(
            layout -> {
              assertThat(layout.precision()).isEqualTo(12);
              assertThat(layout.nativeReadable()).isFalse();
            });
    Path cmyk = Path.of(System.getProperty("darkroom.corpus"), "cmyk_icc_0.6mp.jpg");
    assertThat(NativeJpeg.layout(cmyk).components()).isEqualTo(4);
    assertThat(NativeJpeg.layout(cmyk).nativeReadable()).isFalse();

    JpegDecoders decoders = JpegDecoders.libjpegTurbo();
    // its 8-bit data read as 12-bit: the Java decoder fails it, with no libjpeg-turbo warning
    assertThatThrownBy(() -> new ImagePipeline(LIMITS, decoders).process(twelveBit, THUMBNAIL))
        .isInstanceOfSatisfying(
            ProcessingFailure.class,
            f -> {
              assertThat(f.code()).isEqualTo(FailureCode.CORRUPT_IMAGE);
              assertThat(f.getMessage()).isEqualTo("The image data is damaged or truncated.");
            });
    assertThat(decoders.fallbacks()).as("no native attempt to fall back from").isZero();
    assertThat(new ImagePipeline(LIMITS, decoders).process(cmyk, THUMBNAIL).decoder())
        .isEqualTo(JpegDecoders.JAVA);
  }

  private static int indexOf(byte[] data, byte a, byte b) {
    for (int i = 0; i + 1 < data.length; i++) {
      if (data[i] == a && data[i + 1] == b) {
        return i;
      }
    }
    throw new AssertionError("marker not found");
  }

  private Path write(String name, byte[] data) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, data);
    return file;
  }
}
