package io.darkroom.worker.pipeline;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SourceFormat;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns one source file into every requested rendition from ONE decode: the header is read and
 * checked first, the decode is subsampled to about the size the largest rendition needs, and each
 * rendition is resampled from that single decoded image.
 */
@Singleton
public class ImagePipeline {
  private static final int MAX_SUBSAMPLING = 2;

  private final PipelineLimits limits;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pipeline-time-budget");
            t.setDaemon(true);
            return t;
          });

  public ImagePipeline(PipelineLimits limits) {
    this.limits = limits;
  }

  public PipelineResult process(Path source, List<RenditionSpec> specs) throws ProcessingFailure {
    SourceFormat format = sniff(source);
    try (ImageInputStream input = ImageIO.createImageInputStream(source.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
      if (!readers.hasNext()) {
        throw new ProcessingFailure(
            FailureCode.UNSUPPORTED_FORMAT,
            "No decoder accepts this " + format.wireName() + " file.");
      }
      ImageReader reader = readers.next();
      AtomicBoolean timedOut = new AtomicBoolean();
      ScheduledFuture<?> budget =
          watchdog.schedule(
              () -> {
                timedOut.set(true);
                reader.abort();
              },
              limits.timeBudget().toMillis(),
              TimeUnit.MILLISECONDS);
      try {
        reader.setInput(input, true, true);
        return run(reader, format, Orientation.read(source, format), specs, timedOut);
      } finally {
        budget.cancel(false);
        reader.dispose();
      }
    } catch (IOException e) {
      throw new ProcessingFailure(FailureCode.CORRUPT_IMAGE, "The image could not be read.", e);
    }
  }

  private PipelineResult run(
      ImageReader reader,
      SourceFormat format,
      int orientation,
      List<RenditionSpec> specs,
      AtomicBoolean timedOut)
      throws ProcessingFailure {
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw new ProcessingFailure(FailureCode.CORRUPT_IMAGE, "The image header is damaged.", e);
    }
    checkHeader(width, height);

    // Renditions are asked for as displayed; a quarter-turned source is planned with the box turned
    // too,
    // rendered in stored orientation, and each small result is turned upright.
    boolean turned = Orientation.transposes(orientation);
    List<Geometry> plans = new ArrayList<>(specs.size());
    double neededScale = 0;
    for (RenditionSpec spec : specs) {
      RenditionSpec stored =
          turned
              ? new RenditionSpec(
                  spec.name(),
                  spec.height(),
                  spec.width(),
                  spec.fit(),
                  spec.format(),
                  spec.quality())
              : spec;
      Geometry g = Geometry.plan(stored, width, height);
      plans.add(g);
      neededScale = Math.max(neededScale, g.scale());
    }
    // Subsampled decoding keeps every n-th pixel and drops the rest: cheap, but it aliases. Up to 2
    // the loss is
    // invisible after the averaging that follows and decoding is ~1.5x faster; beyond it fine
    // detail turns to
    // moire, so larger reductions are left to the resampler's averaging.
    int subsampling =
        Math.max(1, Math.min(MAX_SUBSAMPLING, (int) Math.floor(1.0 / Math.max(neededScale, 1e-9))));

    long t0 = System.nanoTime();
    BufferedImage decoded;
    try {
      ImageReadParam param = reader.getDefaultReadParam();
      if (subsampling > 1) {
        param.setSourceSubsampling(subsampling, subsampling, 0, 0);
      }
      decoded = reader.read(0, param);
    } catch (IOException | RuntimeException e) {
      throw timedOut.get()
          ? overBudget()
          : new ProcessingFailure(
              FailureCode.CORRUPT_IMAGE, "The image data is damaged or truncated.", e);
    }
    if (timedOut.get()) {
      throw overBudget();
    }
    BufferedImage base = Normalizer.toRgb(decoded);
    decoded = null; // let the decoder's own buffer go before the renditions are made
    boolean alpha = base.getColorModel().hasAlpha();
    double decodeScale = (double) width / base.getWidth();
    long t1 = System.nanoTime();

    long resizeNanos = 0;
    long encodeNanos = 0;
    List<RenderedImage> rendered = new ArrayList<>(specs.size());
    Pyramid pyramid = new Pyramid(base);
    Pyramid flattened = null; // the base composited over white, made once if a format has no alpha
    for (int i = 0; i < specs.size(); i++) {
      RenditionSpec spec = specs.get(i);
      OutputFormat outFormat = resolve(spec.format(), alpha);
      boolean keepAlpha = alpha && outFormat != OutputFormat.JPEG;
      long r0 = System.nanoTime();
      Pyramid source = pyramid;
      if (alpha && !keepAlpha) {
        flattened = flattened == null ? new Pyramid(Resampler.flatten(base)) : flattened;
        source = flattened;
      }
      BufferedImage image =
          Orientation.apply(
              Resampler.render(source, plans.get(i), keepAlpha, decodeScale), orientation);
      long r1 = System.nanoTime();
      int quality = spec.quality() == null ? limits.defaultQuality() : spec.quality();
      byte[] data = Encoder.encode(image, outFormat, quality);
      long r2 = System.nanoTime();
      resizeNanos += r1 - r0;
      encodeNanos += r2 - r1;
      rendered.add(
          new RenderedImage(spec.name(), outFormat, image.getWidth(), image.getHeight(), data));
      if (timedOut.get()) {
        throw overBudget();
      }
    }
    return new PipelineResult(
        turned ? height : width,
        turned ? width : height,
        format,
        rendered,
        (t1 - t0) / 1_000_000,
        resizeNanos / 1_000_000,
        encodeNanos / 1_000_000);
  }

  private void checkHeader(int width, int height) throws ProcessingFailure {
    if (width <= 0 || height <= 0) {
      throw new ProcessingFailure(FailureCode.CORRUPT_IMAGE, "The image claims no pixels.");
    }
    long pixels = (long) width * height;
    if (pixels > limits.maxPixels()) {
      throw new ProcessingFailure(
          FailureCode.TOO_MANY_PIXELS,
          "The image is "
              + width
              + "x"
              + height
              + " ("
              + pixels
              + " pixels); at most "
              + limits.maxPixels()
              + " are decoded.");
    }
    if (width > limits.maxDimension() || height > limits.maxDimension()) {
      throw new ProcessingFailure(
          FailureCode.DIMENSIONS_TOO_LARGE,
          "The image is "
              + width
              + "x"
              + height
              + "; the largest side allowed is "
              + limits.maxDimension()
              + " pixels.");
    }
  }

  private static OutputFormat resolve(OutputFormat requested, boolean alpha) {
    if (requested != OutputFormat.AUTO) {
      return requested;
    }
    return alpha ? OutputFormat.PNG : OutputFormat.JPEG;
  }

  private ProcessingFailure overBudget() {
    return new ProcessingFailure(
        FailureCode.TIME_BUDGET_EXCEEDED,
        "Processing took longer than the budget of " + limits.timeBudget().toMillis() + " ms.");
  }

  private static SourceFormat sniff(Path source) throws ProcessingFailure {
    byte[] head;
    try (InputStream in = Files.newInputStream(source)) {
      head = in.readNBytes(SourceFormat.SNIFF_BYTES);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the downloaded source could not be read", e);
    }
    return SourceFormat.sniff(head, head.length)
        .orElseThrow(
            () ->
                new ProcessingFailure(
                    FailureCode.UNSUPPORTED_FORMAT,
                    "The file is not an image of a supported format (JPEG, PNG, GIF, WebP, BMP, TIFF)."));
  }
}
