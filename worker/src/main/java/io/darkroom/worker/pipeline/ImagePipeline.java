package io.darkroom.worker.pipeline;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageHeaders;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SourceFormat;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one source file into every requested rendition from ONE decode: the header is read and
 * checked first, the decode is subsampled to about the size the largest rendition needs, and each
 * rendition is resampled from that single decoded image. The steps: open (header and limits), plan
 * ({@link RenditionPlan}), budget ({@link MemoryBudget}), decode (normalised by {@link
 * Normalizer}), render ({@link RenditionRenderer}).
 */
@Singleton
public class ImagePipeline {
  /**
   * Decoder warnings that mean pixels are missing and were made up, as the JDK's and TwelveMonkeys'
   * readers word them ("Premature end of JPEG file", "Out-of-sequence code" in a GIF's LZW data),
   * or that the colour profile was damaged and dropped (the colours would be wrong). Others are
   * left alone: "Corrupt JPEG data: 2 extraneous bytes before marker" comes with photos that show
   * fine.
   */
  private static final Pattern DAMAGE =
      Pattern.compile(
          "(?i)premature|truncat|end of (file|stream|data)|missing|incomplete|out-of-sequence");

  private static final Logger LOG = LoggerFactory.getLogger(ImagePipeline.class);

  private final PipelineLimits limits;
  private final JpegDecoders decoders;
  private final MemoryBudget memory;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pipeline-time-budget");
            t.setDaemon(true);
            return t;
          });

  @Inject
  public ImagePipeline(PipelineLimits limits, JpegDecoders decoders) {
    this(limits, decoders, Runtime.getRuntime().maxMemory());
  }

  /** With the Java decoders alone. */
  public ImagePipeline(PipelineLimits limits) {
    this(limits, JpegDecoders.javaOnly());
  }

  /** With the budget taken from a heap of {@code heapBytes}, for tests of the budget. */
  public ImagePipeline(PipelineLimits limits, JpegDecoders decoders, long heapBytes) {
    this.limits = limits;
    this.decoders = decoders;
    this.memory = new MemoryBudget(heapBytes * limits.memoryBudgetPercent() / 100);
  }

  public PipelineResult process(Path source, List<RenditionSpec> specs) throws ProcessingFailure {
    Head head = Head.of(source);
    try (ImageInputStream input = ImageIO.createImageInputStream(source.toFile())) {
      ImageHeaders.Opened opened = open(head, input);
      ImageReader reader = opened.reader();
      ImageHeaders.Header header = opened.header();
      SourceFormat format = header.format();
      try {
        int scans = countScans(source, format);
        int orientation = Orientation.read(source, format);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> budget = startTimeBudget(reader, timedOut);
        try {
          if (format == SourceFormat.JPEG && decoders.turbo().isPresent()) {
            PipelineResult result =
                runNative(
                    decoders.turbo().get(),
                    source,
                    head.length(),
                    header,
                    scans,
                    orientation,
                    specs,
                    timedOut);
            if (result != null) {
              return result;
            }
          }
          return run(reader, header, orientation, specs, timedOut);
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

  /**
   * Decodes a JPEG with libjpeg-turbo, shrunk on load as far as the largest rendition allows, and
   * renders every rendition from it. Returns null when the Java decoder is to read the file
   * instead: a layout libjpeg-turbo cannot render right (CMYK, YCCK, 12-bit), native buffers that
   * would not fit the memory budget (the Java decoder streams from the file), or, once, a decode
   * libjpeg-turbo failed.
   */
  private PipelineResult runNative(
      TurboJpeg turbo,
      Path source,
      long length,
      ImageHeaders.Header header,
      int scans,
      int orientation,
      List<RenditionSpec> specs,
      AtomicBoolean timedOut)
      throws ProcessingFailure, IOException {
    NativeJpeg.Layout layout;
    try {
      layout = NativeJpeg.layout(source);
    } catch (NativeJpeg.ProfileRefused refused) {
      throw new ProcessingFailure(
          FailureCode.CORRUPT_IMAGE,
          "The JPEG's embedded ICC colour profile is damaged: the colour engine cannot read it.");
    }
    if (!layout.nativeReadable()) {
      return null;
    }
    int width = header.width();
    int height = header.height();
    RenditionPlan plan = RenditionPlan.of(specs, width, height, orientation);
    int reduction = NativeJpeg.reduction(plan.neededScale());
    long need = nativeCost(length, width, height, reduction, scans, plan);
    while (need > memory.totalBytes() && reduction < MemoryBudget.COARSEST_SUBSAMPLING) {
      reduction *= 2;
      need = nativeCost(length, width, height, reduction, scans, plan);
    }
    if (need > memory.totalBytes()) {
      return null;
    }
    try (MemoryBudget.Lease lease = memory.acquire(need, width, height)) {
      long t0 = System.nanoTime();
      BufferedImage base;
      try {
        base = NativeJpeg.decode(turbo, source, length, width, height, layout, reduction, DAMAGE);
      } catch (NativeJpeg.Damaged damaged) {
        throw new ProcessingFailure(
            FailureCode.CORRUPT_IMAGE,
            "The image data is damaged or truncated (" + damaged.getMessage().strip() + ").");
      } catch (NativeJpeg.Failed failed) {
        LOG.warn(
            "libjpeg-turbo could not decode {}x{} JPEG ({}); trying the Java decoder once",
            width,
            height,
            failed.getMessage());
        decoders.fellBack();
        return null;
      }
      long decodeNanos = System.nanoTime() - t0;
      if (timedOut.get()) {
        throw overBudget();
      }
      decoders.decoded(JpegDecoders.LIBJPEG_TURBO, "jpeg", decodeNanos);
      return render(
          Normalizer.toRgb(base),
          header,
          orientation,
          specs,
          plan,
          timedOut,
          decodeNanos / 1_000_000,
          JpegDecoders.LIBJPEG_TURBO);
    }
  }

  private static long nativeCost(
      long length, int width, int height, int reduction, int scans, RenditionPlan plan) {
    long pixels = (long) NativeJpeg.scaled(width, reduction) * NativeJpeg.scaled(height, reduction);
    return DecodeCost.nativeJpeg(
        NativeJpeg.nativeBytes(length, width, height, reduction, scans > 1),
        pixels,
        plan.geometries());
  }

  /** The first bytes of the source, for sniffing its format, and its length. */
  private record Head(byte[] bytes, long length) {
    static Head of(Path source) {
      try (InputStream in = Files.newInputStream(source)) {
        return new Head(in.readNBytes(ImageHeaders.HEAD_BYTES), Files.size(source));
      } catch (IOException e) {
        throw new UncheckedIOException("the downloaded source could not be read", e);
      }
    }
  }

  private ImageHeaders.Opened open(Head head, ImageInputStream input) throws ProcessingFailure {
    try {
      return ImageHeaders.open(
          head.bytes(),
          input,
          head.length(),
          new ImageHeaders.Limits(limits.maxPixels(), limits.maxDimension()));
    } catch (ImageHeaders.Refused refused) {
      throw new ProcessingFailure(refused.code(), refused.getMessage());
    }
  }

  /** A JPEG's scans, refused beyond {@link JpegScans#MAX}; 0 for other formats. */
  private static int countScans(Path source, SourceFormat format)
      throws IOException, ProcessingFailure {
    if (format != SourceFormat.JPEG) {
      return 0;
    }
    int scans = JpegScans.count(source);
    if (scans > JpegScans.MAX) {
      throw new ProcessingFailure(
          FailureCode.UNSUPPORTED_FORMAT,
          "The JPEG has more than " + JpegScans.MAX + " scans; encoders write about ten.");
    }
    return scans;
  }

  /** Aborts the reader once the time budget is spent, and says so through {@code timedOut}. */
  private ScheduledFuture<?> startTimeBudget(ImageReader reader, AtomicBoolean timedOut) {
    return watchdog.schedule(
        () -> {
          timedOut.set(true);
          reader.abort();
        },
        limits.timeBudget().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private PipelineResult run(
      ImageReader reader,
      ImageHeaders.Header header,
      int orientation,
      List<RenditionSpec> specs,
      AtomicBoolean timedOut)
      throws ProcessingFailure {
    int width = header.width(); // checked against the limits by ImageHeaders.open
    int height = header.height();
    ImageTypeSpecifier decodedType = decodedType(reader);
    RenditionPlan plan = RenditionPlan.of(specs, width, height, orientation);
    DecodeSize size = fitToBudget(decodedType, width, height, plan);
    try (MemoryBudget.Lease lease = memory.acquire(size.bytes(), width, height)) {
      long t0 = System.nanoTime();
      BufferedImage base = decode(reader, size.subsampling(), timedOut);
      long decodeNanos = System.nanoTime() - t0;
      decoders.decoded(JpegDecoders.JAVA, header.format().wireName(), decodeNanos);
      return render(
          base,
          header,
          orientation,
          specs,
          plan,
          timedOut,
          decodeNanos / 1_000_000,
          JpegDecoders.JAVA);
    }
  }

  private PipelineResult render(
      BufferedImage base,
      ImageHeaders.Header header,
      int orientation,
      List<RenditionSpec> specs,
      RenditionPlan plan,
      AtomicBoolean timedOut,
      long decodeMs,
      String decoder)
      throws ProcessingFailure {
    int width = header.width();
    int height = header.height();
    RenditionRenderer renderer =
        new RenditionRenderer(
            base, width, orientation, limits.defaultQuality(), decoders.turbo().orElse(null));
    List<RenderedImage> rendered = renderAll(renderer, specs, plan, timedOut);
    return new PipelineResult(
        plan.turned() ? height : width,
        plan.turned() ? width : height,
        header.format(),
        rendered,
        decodeMs,
        renderer.resizeMs(),
        renderer.encodeMs(),
        decoder);
  }

  /** How coarsely the source is decoded, and what that decode and its renditions hold at once. */
  private record DecodeSize(int subsampling, long bytes) {}

  /**
   * What the decode and every canvas will hold at once, to be taken from the worker's budget before
   * a pixel is decoded. An image that cannot fit even alone is first decoded coarser (aliasing
   * beats refusing), then refused by the budget.
   */
  private DecodeSize fitToBudget(
      ImageTypeSpecifier decodedType, int width, int height, RenditionPlan plan) {
    boolean alpha = decodedType != null && decodedType.getColorModel().hasAlpha();
    List<Geometry> geometries = plan.geometries();
    int subsampling = plan.subsampling();
    long need = DecodeCost.bytes(decodedType, width, height, subsampling, geometries, alpha);
    while (need > memory.totalBytes() && subsampling < MemoryBudget.COARSEST_SUBSAMPLING) {
      subsampling++;
      need = DecodeCost.bytes(decodedType, width, height, subsampling, geometries, alpha);
    }
    return new DecodeSize(subsampling, need);
  }

  /** The type the reader decodes to, or null when it does not say. */
  private static ImageTypeSpecifier decodedType(ImageReader reader) throws ProcessingFailure {
    try {
      Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
      return types.hasNext() ? types.next() : null;
    } catch (IOException | RuntimeException e) {
      throw new ProcessingFailure(FailureCode.CORRUPT_IMAGE, "The image header is damaged.", e);
    }
  }

  /**
   * Decodes the image, subsampled, and brings it to the resampler's layout. The decoder's own
   * buffer is let go before the renditions are made.
   */
  private BufferedImage decode(ImageReader reader, int subsampling, AtomicBoolean timedOut)
      throws ProcessingFailure {
    List<String> damage = new ArrayList<>();
    reader.addIIOReadWarningListener(
        (source, warning) -> {
          if (DAMAGE.matcher(warning).find()) {
            damage.add(warning);
          }
        });
    BufferedImage decoded = read(reader, subsampling, timedOut);
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
    return Normalizer.toRgb(decoded);
  }

  private BufferedImage read(ImageReader reader, int subsampling, AtomicBoolean timedOut)
      throws ProcessingFailure {
    try {
      ImageReadParam param = reader.getDefaultReadParam();
      if (subsampling > 1) {
        param.setSourceSubsampling(subsampling, subsampling, 0, 0);
      }
      return reader.read(0, param);
    } catch (IOException | RuntimeException e) {
      throw timedOut.get()
          ? overBudget()
          : new ProcessingFailure(
              FailureCode.CORRUPT_IMAGE, "The image data is damaged or truncated.", e);
    }
  }

  private List<RenderedImage> renderAll(
      RenditionRenderer renderer,
      List<RenditionSpec> specs,
      RenditionPlan plan,
      AtomicBoolean timedOut)
      throws ProcessingFailure {
    List<RenderedImage> rendered = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      rendered.add(renderer.render(specs.get(i), plan.geometry(i)));
      if (timedOut.get()) {
        throw overBudget();
      }
    }
    return rendered;
  }

  private ProcessingFailure overBudget() {
    return new ProcessingFailure(
        FailureCode.TIME_BUDGET_EXCEEDED,
        "Processing took longer than the budget of " + limits.timeBudget().toMillis() + " ms.");
  }
}
