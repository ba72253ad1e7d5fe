package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import io.darkroom.schema.FailureCode;
import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.testkit.HostileFiles;
import io.darkroom.testkit.HostileFiles.Expect;
import io.darkroom.testkit.HostileFiles.HostileFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Every hostile file of {@link HostileFiles} through the real pipeline with the default renditions:
 * each must end in a permanent {@link ProcessingFailure} (or, for legal-but-heavy files, succeed),
 * never in an {@link Error} such as OutOfMemoryError or an unchecked exception, and within the time
 * budget. The test JVM keeps surefire's default heap: an OutOfMemoryError here is the bug shown.
 */
class HostileFilesTest {
  private static final Duration BUDGET = Duration.ofSeconds(20);

  /**
   * The pipeline's own budget plus the moment its watchdog needs to stop a decode: a file the
   * budget stops lands just after 20 s, and that is the pipeline working.
   */
  private static final Duration HARD_LIMIT = BUDGET.plusSeconds(2);

  /** Codes that say "try again later": none of them may describe a file's own content. */
  private static final Set<FailureCode> NOT_PERMANENT =
      EnumSet.of(
          FailureCode.INTERNAL_ERROR,
          FailureCode.STORAGE_UNAVAILABLE,
          FailureCode.PROCESSING_TIMEOUT);

  /** The renditions made when a request names none (RenditionPresets in the api). */
  private static final List<RenditionSpec> DEFAULT_RENDITIONS =
      List.of(
          new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null),
          new RenditionSpec("small", 320, null, Fit.INSIDE, OutputFormat.AUTO, null),
          new RenditionSpec("medium", 1024, null, Fit.INSIDE, OutputFormat.AUTO, null),
          new RenditionSpec("large", 2048, null, Fit.INSIDE, OutputFormat.AUTO, null));

  private static List<HostileFile> files;

  private static final PipelineLimits LIMITS =
      new PipelineLimits(50_000_000, 100_000_000, 30_000, BUDGET, 82, 60);

  @TempDir Path dir;

  /** Generated once for the class: two of the files take a few seconds to deflate. */
  private static synchronized List<HostileFile> files() {
    if (files == null) {
      files = HostileFiles.all();
    }
    return files;
  }

  /** Every file through both JPEG decoders: the Java one, and libjpeg-turbo with its fallback. */
  static Stream<Arguments> hostileFiles() {
    return Stream.of(JpegDecoders.JAVA, JpegDecoders.LIBJPEG_TURBO)
        .flatMap(
            decoder -> files().stream().map(f -> Arguments.of(Named.of(f.name(), f), decoder)));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("hostileFiles")
  void shouldEndEveryHostileFileWithAPermanentFailureAndNoError(HostileFile file, String decoder)
      throws Exception {
    Path source = Files.write(dir.resolve(file.name()), file.bytes());
    ImagePipeline pipeline = new ImagePipeline(LIMITS, TestDecoders.named(decoder));

    long started = System.nanoTime();
    Outcome outcome;
    try {
      outcome =
          assertTimeoutPreemptively(
              HARD_LIMIT,
              () -> run(pipeline, source),
              () ->
                  file.name()
                      + " was still being processed after "
                      + HARD_LIMIT.toMillis()
                      + " ms");
    } catch (AssertionFailedError timedOut) {
      report(file, decoder, "STILL RUNNING (timed out)", started);
      throw timedOut;
    }
    report(file, decoder, outcome.describe(), started);

    if (file.expect() == Expect.MAY_SUCCEED_WITHIN_MEMORY && outcome.thrown() == null) {
      return;
    }
    assertThat(outcome.thrown())
        .as(
            "%s (%s: %s) must end in a ProcessingFailure, not %s",
            file.name(), file.expect(), file.attack(), outcome.describe())
        .isInstanceOf(ProcessingFailure.class);
    assertThat(((ProcessingFailure) outcome.thrown()).code())
        .as("%s must fail with a permanent code: %s", file.name(), outcome.describe())
        .isNotIn(NOT_PERMANENT);
  }

  @Test
  void shouldOfferAtLeast26SmallHostileFilesWithUniqueNames() {
    List<HostileFile> all = files();

    assertThat(all).hasSizeGreaterThanOrEqualTo(26);
    assertThat(all.stream().map(HostileFile::name).collect(Collectors.toSet())).hasSameSizeAs(all);
    assertThat(all)
        .allSatisfy(f -> assertThat(f.bytes().length).as(f.name()).isLessThan(2 * 1024 * 1024));
    assertThat(all.stream().map(HostileFile::expect).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Expect.values());
  }

  /** The truncated and lying WebP files are only meaningful if their base is a real WebP. */
  @Test
  void shouldBuildTheWebpAttacksFromAWebpTheTwelveMonkeysReaderDecodes() throws Exception {
    ImageReader reader = new WebPImageReaderSpi().createReaderInstance();
    try (ImageInputStream input =
        ImageIO.createImageInputStream(new ByteArrayInputStream(HostileFiles.validWebp()))) {
      reader.setInput(input);
      BufferedImage image = reader.read(0);

      assertThat(image.getWidth()).isEqualTo(48);
      assertThat(image.getHeight()).isEqualTo(32);
    } finally {
      reader.dispose();
    }
  }

  private static Outcome run(ImagePipeline pipeline, Path source) {
    try {
      PipelineResult result = pipeline.process(source, DEFAULT_RENDITIONS);
      return new Outcome(result, null);
    } catch (Throwable t) { // OutOfMemoryError and StackOverflowError included: they are the bug
      return new Outcome(null, t);
    }
  }

  private static void report(HostileFile file, String decoder, String outcome, long started) {
    System.out.printf(
        "hostile %-44s %-13s %-26s %6d ms  %s%n",
        file.name(), decoder, file.expect(), (System.nanoTime() - started) / 1_000_000, outcome);
  }

  private record Outcome(PipelineResult result, Throwable thrown) {
    String describe() {
      if (thrown == null) {
        return "success " + result.sourceWidth() + "x" + result.sourceHeight();
      }
      if (thrown instanceof ProcessingFailure failure) {
        Throwable cause = failure.getCause();
        return failure.code() + (cause == null ? "" : " (" + brief(cause) + ")");
      }
      return brief(thrown);
    }

    private static String brief(Throwable t) {
      String text = t.getClass().getSimpleName() + ": " + t.getMessage();
      return text.length() > 90 ? text.substring(0, 87) + "..." : text;
    }
  }
}
