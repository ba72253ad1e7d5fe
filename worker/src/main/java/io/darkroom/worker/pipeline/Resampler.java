package io.darkroom.worker.pipeline;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Makes one rendition from the {@link Pyramid}: the region is taken from the smallest level that
 * still has the resolution, then one bilinear step (a reduction of less than 2x, where bilinear
 * does not alias) lands on the exact size.
 */
final class Resampler {
  private Resampler() {}

  /**
   * @param decodeScale original pixels per base pixel (the subsampling of the decode)
   */
  static BufferedImage render(Pyramid pyramid, Geometry g, boolean alpha, double decodeScale) {
    double needed = g.scale() * decodeScale;
    Pyramid.Level level = pyramid.levelFor(needed);
    BufferedImage source = level.image();
    double toLevel = decodeScale * level.factor();
    int cropX = Math.min(source.getWidth() - 1, (int) Math.floor(g.cropX() / toLevel));
    int cropY = Math.min(source.getHeight() - 1, (int) Math.floor(g.cropY() / toLevel));
    int cropW = clamp((int) Math.round(g.cropWidth() / toLevel), source.getWidth() - cropX);
    int cropH = clamp((int) Math.round(g.cropHeight() / toLevel), source.getHeight() - cropY);
    BufferedImage region = source.getSubimage(cropX, cropY, cropW, cropH);
    BufferedImage current = draw(region, g.width(), g.height(), alpha);
    if (g.canvasWidth() == g.width() && g.canvasHeight() == g.height()) {
      return current;
    }
    BufferedImage canvas = new BufferedImage(g.canvasWidth(), g.canvasHeight(), type(alpha));
    Graphics2D graphics = canvas.createGraphics();
    try {
      if (!alpha) {
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, g.canvasWidth(), g.canvasHeight());
      }
      graphics.drawImage(
          current, (g.canvasWidth() - g.width()) / 2, (g.canvasHeight() - g.height()) / 2, null);
    } finally {
      graphics.dispose();
    }
    return canvas;
  }

  /** Removes transparency by compositing over white, the way a viewer shows a cut-out on a page. */
  static BufferedImage flatten(BufferedImage image) {
    if (!image.getColorModel().hasAlpha()) {
      return image;
    }
    BufferedImage flat =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = flat.createGraphics();
    try {
      graphics.setColor(Color.WHITE);
      graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
      graphics.drawImage(image, 0, 0, null);
    } finally {
      graphics.dispose();
    }
    return flat;
  }

  /** The pixels of an image whose ints are its whole raster, row after row; else null. */
  static int[] packed(BufferedImage image) {
    if (image.getRaster().getDataBuffer() instanceof DataBufferInt ints
        && image.getSampleModel() instanceof SinglePixelPackedSampleModel model
        && model.getScanlineStride() == image.getWidth()
        && ints.getOffset() == 0
        && image.getRaster().getSampleModelTranslateX() == 0
        && image.getRaster().getSampleModelTranslateY() == 0) {
      return ints.getData();
    }
    return null;
  }

  static int type(boolean alpha) {
    // Premultiplied: interpolating straight alpha would bleed the colour of invisible pixels into
    // the edges.
    return alpha ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB;
  }

  private static int clamp(int size, int available) {
    return Math.max(1, Math.min(size, available));
  }

  private static BufferedImage draw(BufferedImage src, int w, int h, boolean alpha) {
    BufferedImage out = new BufferedImage(w, h, type(alpha));
    Graphics2D graphics = out.createGraphics();
    try {
      graphics.setComposite(AlphaComposite.Src);
      graphics.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      graphics.setRenderingHint(
          RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
      graphics.drawImage(src, 0, 0, w, h, null);
    } finally {
      graphics.dispose();
    }
    return out;
  }
}
