package io.darkroom.worker.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoded image and its successive halvings, each made once and shared by every rendition. A
 * rendition starts from the smallest level that still has at least its resolution, so each is one
 * short resampling step away, and the cost of averaging the full image is paid once rather than
 * once per rendition.
 *
 * <p>Halving averages each 2x2 block: a box filter that uses every pixel, which is what keeps large
 * reductions free of aliasing. On premultiplied ARGB the average is exact for colour and alpha
 * alike.
 */
final class Pyramid {
  private final List<BufferedImage> levels = new ArrayList<>();

  Pyramid(BufferedImage base) {
    levels.add(base);
  }

  BufferedImage base() {
    return levels.get(0);
  }

  /**
   * The deepest level whose pixels are still at least as many as {@code needed} of the base's
   * (needed = output size / region size, in base pixels), and its factor relative to the base.
   */
  Level levelFor(double neededScale) {
    int k = 0;
    while (neededScale * (1 << (k + 1)) <= 1.0
        && base().getWidth() >> (k + 1) >= 1
        && base().getHeight() >> (k + 1) >= 1) {
      k++;
    }
    return new Level(level(k), 1 << k);
  }

  /** A level of the pyramid: {@code factor} base pixels per level pixel along each side. */
  record Level(BufferedImage image, int factor) {}

  private BufferedImage level(int k) {
    while (levels.size() <= k) {
      levels.add(half(levels.get(levels.size() - 1)));
    }
    return levels.get(k);
  }

  static BufferedImage half(BufferedImage src) {
    if (src.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return halfBgr(src);
    }
    int w = Math.max(1, src.getWidth() / 2);
    int h = Math.max(1, src.getHeight() / 2);
    BufferedImage dst = new BufferedImage(w, h, src.getType());
    int[] s = ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
    int stride = ((SinglePixelPackedSampleModel) src.getSampleModel()).getScanlineStride();
    int offset = src.getRaster().getDataBuffer().getOffset();
    int[] d = ((DataBufferInt) dst.getRaster().getDataBuffer()).getData();
    boolean oneRow = src.getHeight() == 1;
    boolean oneCol = src.getWidth() == 1;
    for (int y = 0; y < h; y++) {
      int row0 = offset + 2 * y * stride;
      int row1 = oneRow ? row0 : row0 + stride;
      int out = y * w;
      for (int x = 0; x < w; x++) {
        int i = 2 * x;
        int j = oneCol ? i : i + 1;
        int p00 = s[row0 + i];
        int p01 = s[row0 + j];
        int p10 = s[row1 + i];
        int p11 = s[row1 + j];
        int a = ((p00 >>> 24) + (p01 >>> 24) + (p10 >>> 24) + (p11 >>> 24) + 2) >> 2;
        int r =
            (((p00 >> 16) & 0xFF)
                    + ((p01 >> 16) & 0xFF)
                    + ((p10 >> 16) & 0xFF)
                    + ((p11 >> 16) & 0xFF)
                    + 2)
                >> 2;
        int g =
            (((p00 >> 8) & 0xFF)
                    + ((p01 >> 8) & 0xFF)
                    + ((p10 >> 8) & 0xFF)
                    + ((p11 >> 8) & 0xFF)
                    + 2)
                >> 2;
        int b = ((p00 & 0xFF) + (p01 & 0xFF) + (p10 & 0xFF) + (p11 & 0xFF) + 2) >> 2;
        d[out + x] = (a << 24) | (r << 16) | (g << 8) | b;
      }
    }
    return dst;
  }

  /**
   * The first halving of a decoded JPEG: 2x2 averages of packed BGR bytes, written as packed RGB
   * ints.
   */
  private static BufferedImage halfBgr(BufferedImage src) {
    int w = Math.max(1, src.getWidth() / 2);
    int h = Math.max(1, src.getHeight() / 2);
    BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    byte[] s = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
    PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) src.getSampleModel();
    int stride = model.getScanlineStride();
    int offset = src.getRaster().getDataBuffer().getOffset();
    int[] d = ((DataBufferInt) dst.getRaster().getDataBuffer()).getData();
    boolean oneRow = src.getHeight() == 1;
    boolean oneCol = src.getWidth() == 1;
    for (int y = 0; y < h; y++) {
      int row0 = offset + 2 * y * stride;
      int row1 = oneRow ? row0 : row0 + stride;
      int out = y * w;
      for (int x = 0; x < w; x++) {
        int i = 6 * x;
        int j = oneCol ? i : i + 3;
        int b =
            ((s[row0 + i] & 0xFF)
                    + (s[row0 + j] & 0xFF)
                    + (s[row1 + i] & 0xFF)
                    + (s[row1 + j] & 0xFF)
                    + 2)
                >> 2;
        int g =
            ((s[row0 + i + 1] & 0xFF)
                    + (s[row0 + j + 1] & 0xFF)
                    + (s[row1 + i + 1] & 0xFF)
                    + (s[row1 + j + 1] & 0xFF)
                    + 2)
                >> 2;
        int r =
            ((s[row0 + i + 2] & 0xFF)
                    + (s[row0 + j + 2] & 0xFF)
                    + (s[row1 + i + 2] & 0xFF)
                    + (s[row1 + j + 2] & 0xFF)
                    + 2)
                >> 2;
        d[out + x] = 0xFF000000 | (r << 16) | (g << 8) | b;
      }
    }
    return dst;
  }
}
