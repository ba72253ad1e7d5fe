package io.darkroom.worker.pipeline;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import io.darkroom.schema.SourceFormat;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * EXIF orientation (1-8): how the stored pixels must be turned to be seen upright. ImageIO ignores
 * it, so the pipeline plans renditions in displayed terms and turns each small result, never the
 * full decode.
 */
final class Orientation {
  static final int NORMAL = 1;

  private Orientation() {}

  /**
   * The orientation of a JPEG's EXIF block; 1 when absent or unreadable (metadata never fails an
   * image).
   */
  static int read(Path file, SourceFormat format) {
    if (format != SourceFormat.JPEG) {
      return NORMAL;
    }
    try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
      List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(input, JPEG.APP1, "Exif");
      if (exif.isEmpty()) {
        return NORMAL;
      }
      try (InputStream data = exif.get(0).data()) {
        data.read(); // the pad byte after the "Exif" identifier
        Directory directory = new TIFFReader().read(ImageIO.createImageInputStream(data));
        Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
        int value = entry == null ? NORMAL : ((Number) entry.getValue()).intValue();
        return value >= 1 && value <= 8 ? value : NORMAL;
      }
    } catch (Exception e) {
      return NORMAL;
    }
  }

  /** Orientations 5-8 turn the image a quarter: displayed width is the stored height. */
  static boolean transposes(int orientation) {
    return orientation >= 5 && orientation <= 8;
  }

  /** The stored image turned upright. */
  static BufferedImage apply(BufferedImage stored, int orientation) {
    if (orientation == NORMAL) {
      return stored;
    }
    int w = stored.getWidth();
    int h = stored.getHeight();
    boolean swap = transposes(orientation);
    int outW = swap ? h : w;
    int outH = swap ? w : h;
    BufferedImage out = new BufferedImage(outW, outH, stored.getType());
    int[] source = Resampler.packed(stored);
    int[] target = Resampler.packed(out);
    if (source != null && target != null) {
      // the renditions' own packed pixels: moved as ints, without a colour model per pixel
      for (int y = 0; y < outH; y++) {
        int o = y * outW;
        for (int x = 0; x < outW; x++) {
          target[o + x] = source[sourceIndex(orientation, x, y, w, h)];
        }
      }
      return out;
    }
    int[] row = new int[outW];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int index = sourceIndex(orientation, x, y, w, h);
        row[x] = stored.getRGB(index % w, index / w);
      }
      out.setRGB(0, y, outW, 1, row, 0, outW);
    }
    return out;
  }

  /** Where, in the stored {@code w x h} image, the pixel shown at (x, y) comes from: y * w + x. */
  private static int sourceIndex(int orientation, int x, int y, int w, int h) {
    int sx;
    int sy;
    switch (orientation) {
      case 2 -> {
        sx = w - 1 - x;
        sy = y;
      }
      case 3 -> {
        sx = w - 1 - x;
        sy = h - 1 - y;
      }
      case 4 -> {
        sx = x;
        sy = h - 1 - y;
      }
      case 5 -> {
        sx = y;
        sy = x;
      }
      case 6 -> {
        sx = y;
        sy = h - 1 - x;
      }
      case 7 -> {
        sx = w - 1 - y;
        sy = h - 1 - x;
      }
      default -> {
        sx = w - 1 - y;
        sy = x;
      }
    }
    return sy * w + sx;
  }
}
