package io.darkroom.worker.pipeline;

import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import java.awt.image.BufferedImage;

/**
 * Makes each rendition from one normalised decode: resampled from the shared {@link Pyramid},
 * turned upright, then encoded. Adds up the time spent resizing and encoding.
 */
final class RenditionRenderer {
  private final BufferedImage base;
  private final Pyramid pyramid;
  private final boolean alpha;
  private final double decodeScale;
  private final int orientation;
  private final int defaultQuality;
  private final TurboJpeg turbo;
  private Pyramid flattened; // the base composited over white, made once if a format has no alpha
  private long resizeNanos;
  private long encodeNanos;

  /**
   * @param base the normalised decode
   * @param sourceWidth the stored width of the original, so the decode's subsampling is known
   * @param turbo libjpeg-turbo to encode JPEG renditions, or null for the JDK's writer
   */
  RenditionRenderer(
      BufferedImage base, int sourceWidth, int orientation, int defaultQuality, TurboJpeg turbo) {
    this.base = base;
    this.pyramid = new Pyramid(base);
    this.alpha = base.getColorModel().hasAlpha();
    this.decodeScale = (double) sourceWidth / base.getWidth();
    this.orientation = orientation;
    this.defaultQuality = defaultQuality;
    this.turbo = turbo;
  }

  RenderedImage render(RenditionSpec spec, Geometry geometry) throws ProcessingFailure {
    OutputFormat format = resolve(spec.format(), alpha);
    boolean keepAlpha = alpha && format != OutputFormat.JPEG;
    long r0 = System.nanoTime();
    BufferedImage image =
        Orientation.apply(
            Resampler.render(source(keepAlpha), geometry, keepAlpha, decodeScale), orientation);
    long r1 = System.nanoTime();
    int quality = spec.quality() == null ? defaultQuality : spec.quality();
    byte[] data = Encoder.encode(image, format, quality, turbo);
    long r2 = System.nanoTime();
    resizeNanos += r1 - r0;
    encodeNanos += r2 - r1;
    return new RenderedImage(spec.name(), format, image.getWidth(), image.getHeight(), data);
  }

  long resizeMs() {
    return resizeNanos / 1_000_000;
  }

  long encodeMs() {
    return encodeNanos / 1_000_000;
  }

  /** The pyramid to resample from: the flattened one when alpha is dropped. */
  private Pyramid source(boolean keepAlpha) {
    if (alpha && !keepAlpha) {
      flattened = flattened == null ? new Pyramid(Resampler.flatten(base)) : flattened;
      return flattened;
    }
    return pyramid;
  }

  private static OutputFormat resolve(OutputFormat requested, boolean alpha) {
    if (requested != OutputFormat.AUTO) {
      return requested;
    }
    return alpha ? OutputFormat.PNG : OutputFormat.JPEG;
  }
}
