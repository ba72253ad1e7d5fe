package io.darkroom.worker.pipeline;

import io.darkroom.schema.Fit;
import io.darkroom.schema.RenditionSpec;

/**
 * Where a rendition comes from and what size it is, in the source's own pixels. Nothing is ever
 * upscaled except by {@link Fit#FILL}, which asks for an exact size.
 *
 * @param cropX the region of the source used, in source pixels
 * @param width the output size in pixels
 * @param canvasWidth the size of the written image: larger than the output only for {@link
 *     Fit#CONTAIN}
 */
record Geometry(
    double cropX,
    double cropY,
    double cropWidth,
    double cropHeight,
    int width,
    int height,
    int canvasWidth,
    int canvasHeight) {

  static Geometry plan(RenditionSpec spec, int sourceWidth, int sourceHeight) {
    Integer boxW = spec.width();
    Integer boxH = spec.height();
    Fit fit = spec.fit();
    if (boxW == null || boxH == null) {
      // One side given: the other follows the aspect ratio, so every fit is "inside" that bound.
      fit = fit == Fit.FILL ? Fit.FILL : Fit.INSIDE;
    }
    switch (fit) {
      case COVER:
        {
          double aspect = (double) boxW / boxH;
          double cropW = sourceWidth;
          double cropH = sourceHeight;
          if ((double) sourceWidth / sourceHeight > aspect) {
            cropW = sourceHeight * aspect;
          } else {
            cropH = sourceWidth / aspect;
          }
          int w = (int) Math.min(boxW, Math.round(cropW));
          int h = (int) Math.min(boxH, Math.round(cropH));
          return new Geometry(
              (sourceWidth - cropW) / 2, (sourceHeight - cropH) / 2, cropW, cropH, w, h, w, h);
        }
      case FILL:
        {
          int w = boxW != null ? boxW : sourceWidth;
          int h = boxH != null ? boxH : sourceHeight;
          return new Geometry(0, 0, sourceWidth, sourceHeight, w, h, w, h);
        }
      case CONTAIN:
      case INSIDE:
      default:
        {
          double scaleW = boxW == null ? Double.MAX_VALUE : (double) boxW / sourceWidth;
          double scaleH = boxH == null ? Double.MAX_VALUE : (double) boxH / sourceHeight;
          double scale = Math.min(1.0, Math.min(scaleW, scaleH));
          int w = Math.max(1, (int) Math.round(sourceWidth * scale));
          int h = Math.max(1, (int) Math.round(sourceHeight * scale));
          boolean pad = fit == Fit.CONTAIN;
          return new Geometry(
              0, 0, sourceWidth, sourceHeight, w, h, pad ? boxW : w, pad ? boxH : h);
        }
    }
  }

  /** Output pixels per source pixel: how much resolution this rendition needs from the decode. */
  double scale() {
    return Math.max(width / cropWidth, height / cropHeight);
  }
}
