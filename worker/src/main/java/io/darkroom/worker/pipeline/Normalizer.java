package io.darkroom.worker.pipeline;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Brings any decoded image to packed sRGB (with alpha when it has alpha), the one layout the
 * resampler uses.
 */
final class Normalizer {
  private Normalizer() {}

  static BufferedImage toRgb(BufferedImage image) {
    boolean alpha = image.getColorModel().hasAlpha();
    int target = Resampler.type(alpha);
    // A decoded JPEG's packed BGR bytes are read as they are by the pyramid and Java2D: converting
    // the full decode to ints first would cost a pass over every pixel for nothing.
    if (image.getType() == target || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return image;
    }
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), target);
    if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      copyGrey(image, out, alpha);
      return out;
    }
    Graphics2D graphics = out.createGraphics();
    try {
      graphics.drawImage(image, 0, 0, null);
    } finally {
      graphics.dispose();
    }
    return out;
  }

  /**
   * Java2D treats a grey image as linear light and would brighten its mid-tones on conversion;
   * files store grey gamma-encoded like sRGB, so the sample values are copied as they are (what a
   * browser shows).
   */
  private static void copyGrey(BufferedImage image, BufferedImage out, boolean alpha) {
    Raster raster = image.getRaster();
    int width = image.getWidth();
    int greyShift = Math.max(0, image.getColorModel().getComponentSize(0) - 8);
    int alphaShift = alpha ? Math.max(0, image.getColorModel().getComponentSize(1) - 8) : 0;
    int[] grey = new int[width];
    int[] opacity = new int[width];
    int[] row = new int[width];
    for (int y = 0; y < image.getHeight(); y++) {
      raster.getSamples(0, y, width, 1, 0, grey);
      if (alpha) {
        raster.getSamples(0, y, width, 1, 1, opacity);
      }
      for (int x = 0; x < width; x++) {
        int g = grey[x] >>> greyShift;
        int a = alpha ? opacity[x] >>> alphaShift : 0xFF;
        row[x] = (a << 24) | (g << 16) | (g << 8) | g;
      }
      out.setRGB(0, y, width, 1, row, 0, width);
    }
  }
}
