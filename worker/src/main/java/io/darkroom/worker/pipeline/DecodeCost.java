package io.darkroom.worker.pipeline;

import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.List;
import javax.imageio.ImageTypeSpecifier;

/**
 * What one image's processing holds on the heap at its peak, from the header alone. Deliberately an
 * over-estimate: every buffer is counted as if alive at once (the decoded raster, its RGB copy, the
 * pyramid of halvings, the flattened copy for formats without alpha, and each canvas with its
 * turned and encoded copies).
 */
final class DecodeCost {
  /** The encoders' and readers' own buffers, whatever the image. */
  private static final long FIXED = 8L * 1024 * 1024;

  private DecodeCost() {}

  static long bytes(
      ImageTypeSpecifier decodedType,
      int width,
      int height,
      int subsampling,
      List<Geometry> plans,
      boolean alpha) {
    long pixels = (long) ceilDiv(width, subsampling) * ceilDiv(height, subsampling);
    return FIXED + pixels * bytesPerPixel(decodedType) + afterDecode(pixels, plans, alpha);
  }

  /**
   * A JPEG decoded by libjpeg-turbo to {@code pixels} pixels: its native buffers ({@code
   * nativeBytes}, see {@link NativeJpeg#nativeBytes}), the decode's copy on the heap and the sRGB
   * copy a colour profile may need, then the same as any decode.
   */
  static long nativeJpeg(long nativeBytes, long pixels, List<Geometry> plans) {
    return FIXED
        + nativeBytes
        + 2 * pixels * NativeJpeg.BYTES_PER_PIXEL
        + afterDecode(pixels, plans, false);
  }

  /** What the renditions of a decode of {@code pixels} pixels hold beside it. */
  private static long afterDecode(long pixels, List<Geometry> plans, boolean alpha) {
    long rgb = pixels * 4;
    long pyramid = rgb + rgb / 3;
    long flattened = alpha ? pyramid : 0;
    long canvases = 0;
    for (Geometry g : plans) {
      canvases += (long) g.canvasWidth() * g.canvasHeight() * 4 * 3;
    }
    return rgb + pyramid + flattened + canvases;
  }

  /**
   * Bytes per pixel of the reader's own raster. Unknown types count as 8 (16-bit RGBA), and
   * CMYK-like decodes (4 bands) also get a converted copy.
   */
  static int bytesPerPixel(ImageTypeSpecifier type) {
    if (type == null) {
      return 8;
    }
    SampleModel model = type.getSampleModel(1, 1);
    int bits = DataBuffer.getDataTypeSize(model.getDataType());
    int perPixel =
        model instanceof SinglePixelPackedSampleModel ? bits / 8 : model.getNumBands() * bits / 8;
    return Math.max(perPixel, 1) + (model.getNumBands() >= 4 ? 4 : 0);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
