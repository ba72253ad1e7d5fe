package io.darkroom.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.zip.CRC32;
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

  /**
   * A PNG signature and a valid IHDR claiming the given size, and no pixel data: a decompression
   * bomb.
   */
  /**
   * A PNG of random noise of at least {@code minBytes}, which no compressor shrinks: a large file
   * that is a real image (resumable uploads, large originals).
   */
  public static byte[] noisePng(int minBytes) {
    int side = (int) Math.ceil(Math.sqrt(minBytes / 3.0)) + 8;
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(42);
    int[] row = new int[side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        row[x] = random.nextInt(0x1000000);
      }
      image.setRGB(0, y, side, 1, row, 0, side);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] pngHeaderClaiming(int width, int height) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream chunk = new DataOutputStream(ihdr);
      chunk.writeBytes("IHDR");
      chunk.writeInt(width);
      chunk.writeInt(height);
      chunk.write(new byte[] {8, 2, 0, 0, 0});
      byte[] body = ihdr.toByteArray();
      out.writeInt(body.length - 4);
      out.write(body);
      CRC32 crc = new CRC32();
      crc.update(body);
      out.writeInt((int) crc.getValue());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
