package io.darkroom.worker.pipeline;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Downscaling with Java2D. One bilinear step from a much larger image skips most source pixels and
 * aliases (moire on fine detail); halving repeatedly averages every pixel, like a box filter, and a
 * final bicubic step lands on the exact size.
 */
final class Resampler {
  private Resampler() {}

  static BufferedImage render(BufferedImage source, Geometry g, boolean alpha, double decodeScale) {
    int cropX = (int) Math.floor(g.cropX() / decodeScale);
    int cropY = (int) Math.floor(g.cropY() / decodeScale);
    int cropW =
        Math.min(
            source.getWidth() - cropX, Math.max(1, (int) Math.round(g.cropWidth() / decodeScale)));
    int cropH =
        Math.min(
            source.getHeight() - cropY,
            Math.max(1, (int) Math.round(g.cropHeight() / decodeScale)));
    BufferedImage current = source.getSubimage(cropX, cropY, cropW, cropH);
    int w = cropW;
    int h = cropH;
    while (w / 2 >= g.width() && h / 2 >= g.height()) {
      w /= 2;
      h /= 2;
      current = draw(current, w, h, alpha, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }
    if (w != g.width()
        || h != g.height()
        || current == source
        || current.getType() != type(alpha)) {
      current =
          draw(current, g.width(), g.height(), alpha, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }
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

  private static int type(boolean alpha) {
    // premultiplied: interpolating straight alpha bleeds the colour of invisible pixels into the
    // edges
    return alpha ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB;
  }

  private static BufferedImage draw(
      BufferedImage src, int w, int h, boolean alpha, Object interpolation) {
    BufferedImage out = new BufferedImage(w, h, type(alpha));
    Graphics2D graphics = out.createGraphics();
    try {
      graphics.setComposite(AlphaComposite.Src);
      graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
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
