package io.darkroom.worker.pipeline;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageHeaders;
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
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns one source file into every requested rendition from ONE decode: the header is read and
 * checked first, the decode is subsampled to about the size the largest rendition needs, and each
 * rendition is resampled from that single decoded image.
 */
@Singleton
public class ImagePipeline {
  private static final int MAX_SUBSAMPLING = 2;

  /**
   * Decoder warnings that mean pixels are missing and were made up, as the JDK's and TwelveMonkeys'
   * readers word them ("Premature end of JPEG file", "Out-of-sequence code" in a GIF's LZW data),
   * or that the colour profile was damaged and dropped (the colours would be wrong). Others are
   * left alone: "Corrupt JPEG data: 2 extraneous bytes before marker" comes with photos that show
   * fine.
   */
  private static final java.util.regex.Pattern DAMAGE =
      java.util.regex.Pattern.compile(
          "(?i)premature|truncat|end of (file|stream|data)|missing|incomplete|out-of-sequence");

  private final PipelineLimits limits;
  private final MemoryBudget memory;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pipeline-time-budget");
            t.setDaemon(true);
            return t;
          });

  @jakarta.inject.Inject
  public ImagePipeline(PipelineLimits limits) {
    this(limits, Runtime.getRuntime().maxMemory());
  }

  /** With the budget taken from a heap of {@code heapBytes}, for tests of the budget. */
  public ImagePipeline(PipelineLimits limits, long heapBytes) {
    this.limits = limits;
    this.memory = new MemoryBudget(heapBytes * limits.memoryBudgetPercent() / 100);
  }

  public PipelineResult process(Path source, List<RenditionSpec> specs) throws ProcessingFailure {
    byte[] head;
    long length;
    try (InputStream in = Files.newInputStream(source)) {
      head = in.readNBytes(ImageHeaders.HEAD_BYTES);
      length = Files.size(source);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the downloaded source could not be read", e);
    }
    try (ImageInputStream input = ImageIO.createImageInputStream(source.toFile())) {
      ImageHeaders.Opened opened;
      try {
        opened =
            ImageHeaders.open(
                head,
                input,
                length,
                new ImageHeaders.Limits(limits.maxPixels(), limits.maxDimension()));
      } catch (ImageHeaders.Refused refused) {
        throw new ProcessingFailure(refused.code(), refused.getMessage());
      }
      ImageReader reader = opened.reader();
      SourceFormat format = opened.header().format();
      try {
        if (format == SourceFormat.JPEG && JpegScans.count(source) > JpegScans.MAX) {
          throw new ProcessingFailure(
              FailureCode.UNSUPPORTED_FORMAT,
              "The JPEG has more than " + JpegScans.MAX + " scans; encoders write about ten.");
        }
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
          return run(reader, opened.header(), Orientation.read(source, format), specs, timedOut);
        } finally {
          budget.cancel(false);
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new ProcessingFailure(FailureCode.CORRUPT_IMAGE, "The image could not be read.", e);
    }
  }

  private PipelineResult run(
      ImageReader reader,
      ImageHeaders.Header header,
      int orientation,
      List<RenditionSpec> specs,
      AtomicBoolean timedOut)
      throws ProcessingFailure {
    SourceFormat format = header.format();
    int width = header.width(); // checked against the limits by ImageHeaders.open
    int height = header.height();
    ImageTypeSpecifier decodedType;
    try {
      Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
      decodedType = types.hasNext() ? types.next() : null;
    } catch (IOException | RuntimeException e) {
      throw new ProcessingFailure(FailureCode.CORRUPT_IMAGE, "The image header is damaged.", e);
    }

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
      long canvas = (long) g.canvasWidth() * g.canvasHeight();
      if (canvas > RenditionSpec.MAX_CANVAS_PIXELS) {
        throw new ProcessingFailure(
            FailureCode.INVALID_RENDITION,
            "Rendition "
                + spec.name()
                + " would be "
                + g.canvasWidth()
                + "x"
                + g.canvasHeight()
                + "; a rendition has at most "
                + RenditionSpec.MAX_CANVAS_PIXELS
                + " pixels.");
      }
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
    // What the decode and every canvas will hold at once, taken from the worker's budget before a
    // pixel is decoded. An image that cannot fit even alone is first decoded coarser (aliasing
    // beats refusing), then refused.
    boolean alphaSource = decodedType != null && decodedType.getColorModel().hasAlpha();
    long need = DecodeCost.bytes(decodedType, width, height, subsampling, plans, alphaSource);
    while (need > memory.totalBytes() && subsampling < MemoryBudget.COARSEST_SUBSAMPLING) {
      subsampling++;
      need = DecodeCost.bytes(decodedType, width, height, subsampling, plans, alphaSource);
    }
    try (MemoryBudget.Lease lease = memory.acquire(need, width, height)) {
      return decodeAndRender(
          reader, format, orientation, specs, timedOut, width, height, turned, plans, subsampling);
    }
  }

  private PipelineResult decodeAndRender(
      ImageReader reader,
      SourceFormat format,
      int orientation,
      List<RenditionSpec> specs,
      AtomicBoolean timedOut,
      int width,
      int height,
      boolean turned,
      List<Geometry> plans,
      int subsampling)
      throws ProcessingFailure {
    long t0 = System.nanoTime();
    BufferedImage decoded;
    List<String> damage = new ArrayList<>();
    reader.addIIOReadWarningListener(
        (source, warning) -> {
          if (DAMAGE.matcher(warning).find()) {
            damage.add(warning);
          }
        });
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
    if (!damage.isEmpty()) {
      // Decoders fill what is missing with grey and only warn: a user who lost half an upload
      // must not be told all is well.
      throw new ProcessingFailure(
          FailureCode.CORRUPT_IMAGE,
          "The image data is damaged or truncated (" + damage.get(0).strip() + ").");
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
}
