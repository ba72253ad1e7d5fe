package io.darkroom.stack;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small generated images for tests that need a valid file, not a photograph. */
public final class TestImages {
  private TestImages() {}

  public static byte[] jpeg(int width, int height, Color color) {
    return encode(width, height, color, "jpeg", BufferedImage.TYPE_INT_RGB);
  }

  public static byte[] png(int width, int height, Color color) {
    return encode(width, height, color, "png", BufferedImage.TYPE_INT_ARGB);
  }

  private static byte[] encode(int width, int height, Color color, String format, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
