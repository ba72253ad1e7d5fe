package io.darkroom.worker.pipeline;

import com.sun.jna.Memory;
import com.twelvemonkeys.imageio.color.ColorProfiles;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * A JPEG decoded by libjpeg-turbo, scaled down in the DCT domain when the renditions allow
 * (shrink-on-load), into the packed RGB ints the pyramid reads, and converted to sRGB when it
 * carries another colour profile. Only files that passed {@code ImageHeaders}' checks and the scan
 * count come here, and what libjpeg-turbo cannot render right never does: 4-component (CMYK, YCCK)
 * and 12-bit files are the Java decoder's.
 */
final class NativeJpeg {
  /**
   * The reductions tried, largest first: 1/8, 1/4 and 1/2 are the scales libjpeg-turbo's SIMD code
   * speeds up (the other M/8 scales run in plain C, slower than decoding at full size here).
   */
  private static final int[] REDUCTIONS = {8, 4, 2};

  /**
   * How much larger than the largest rendition the decode stays: 1, as sharp does by default
   * ({@code fastShrinkOnLoad}). The DCT-domain reduction averages every pixel, and the pyramid's
   * box halvings and one bilinear step follow, so nothing aliases; the corpus tests hold it against
   * libvips' own renditions.
   */
  static final double MARGIN = 1.0;

  /** Bytes per decoded pixel: packed 0xXXRRGGBB ints, grey included. */
  static final int BYTES_PER_PIXEL = 4;

  /**
   * Bytes of DCT coefficients per source pixel of a file of several scans: three components at full
   * resolution, two bytes each (an upper bound: chroma is usually subsampled).
   */
  private static final int COEFFICIENT_BYTES_PER_PIXEL = 3 * 2;

  /** What libjpeg-turbo's own buffers need besides the coefficients, whatever the image. */
  private static final long LIBRARY_BYTES = 4L * 1024 * 1024;

  private NativeJpeg() {}

  /** The JPEG's layout, from its header segments: what decides whether libjpeg-turbo reads it. */
  record Layout(int precision, int components, ICC_Profile profile) {
    boolean nativeReadable() {
      return precision == 8 && (components == 1 || components == 3);
    }
  }

  /** A decode libjpeg-turbo refused or failed, with its reason; the Java decoder may try once. */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message, null, false, false);
    }
  }

  /** An embedded colour profile the colour engine cannot read. */
  static final class ProfileRefused extends IOException {
    ProfileRefused(String message) {
      super(message);
    }
  }

  /** A decode that finished, but with a warning saying pixels are missing. */
  static final class Damaged extends Exception {
    Damaged(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads the frame header and the colour profile; nothing is decoded. */
  static Layout layout(Path source) throws IOException {
    try (ImageInputStream input = new FileImageInputStream(source.toFile())) {
      List<JPEGSegment> segments =
          JPEGSegmentUtil.readSegments(input, JPEGSegmentUtil.ALL_SEGMENTS);
      int precision = 0;
      int components = 0;
      for (JPEGSegment segment : segments) {
        if (isFrameHeader(segment.marker())) {
          try (InputStream data = segment.data()) {
            precision = data.read();
            data.skipNBytes(4); // height and width: ImageHeaders has checked them
            components = data.read();
          }
          break;
        }
      }
      return new Layout(precision, components, profile(segments));
    }
  }

  /**
   * The reduction (1, 2, 4 or 8) at which the decode is still at least {@link #MARGIN} times the
   * largest rendition: {@code neededScale} is the largest rendition's size over the source's.
   */
  static int reduction(double neededScale) {
    for (int r : REDUCTIONS) {
      if (1.0 / r >= neededScale * MARGIN) {
        return r;
      }
    }
    return 1;
  }

  /** A side of the decode at {@code reduction}, rounded up as libjpeg-turbo does. */
  static int scaled(int side, int reduction) {
    return (side + reduction - 1) / reduction;
  }

  /**
   * What the native side holds at its peak: the file, the decoded pixels, and for a file of several
   * scans (progressive, or sequential but not interleaved) every DCT coefficient of the full-size
   * image, at two bytes each, which libjpeg keeps until the last scan whatever the output scale.
   */
  static long nativeBytes(long fileBytes, int width, int height, int reduction, boolean multiScan) {
    long pixels = (long) scaled(width, reduction) * scaled(height, reduction);
    long coefficients = multiScan ? (long) width * height * COEFFICIENT_BYTES_PER_PIXEL : 0;
    return LIBRARY_BYTES + fileBytes + pixels * BYTES_PER_PIXEL + coefficients;
  }

  /**
   * Decodes {@code source} ({@code length} bytes, {@code width x height} by its checked header) at
   * {@code reduction}. The progressive scan limit is on; a warning whose words say pixels are
   * missing fails the image as damaged, other warnings (extraneous bytes) are let pass as the Java
   * decoder lets them.
   */
  static BufferedImage decode(
      TurboJpeg turbo,
      Path source,
      long length,
      int width,
      int height,
      Layout layout,
      int reduction,
      Pattern damage)
      throws Failed, Damaged, IOException {
    try (Memory jpeg = new Memory(length);
        TurboJpeg.Decompressor decompressor = turbo.decompressor()) {
      read(source, jpeg, length);
      int[] header = decompressor.header(jpeg, length);
      if (header == null) {
        throw new Failed("header: " + decompressor.error());
      }
      if (header[0] != width || header[1] != height) {
        throw new Failed(
            "libjpeg-turbo reads "
                + header[0]
                + "x"
                + header[1]
                + ", the checked header "
                + width
                + "x"
                + height);
      }
      boolean grey = header[3] == TurboJpeg.COLOURSPACE_GRAY;
      if (!grey
          && header[3] != TurboJpeg.COLOURSPACE_YCBCR
          && header[3] != TurboJpeg.COLOURSPACE_RGB) {
        throw new Failed("colourspace " + header[3] + " is the Java decoder's");
      }
      int w = scaled(width, reduction);
      int h = scaled(height, reduction);
      // grey too: libjpeg-turbo expands it to RGB faster than Java would
      long bytes = (long) w * h * BYTES_PER_PIXEL;
      if ((long) w * h > Integer.MAX_VALUE - 8) {
        throw new Failed("the decode would not fit one Java array");
      }
      try (Memory pixels = new Memory(bytes)) {
        int status =
            decompressor.decompress(
                jpeg, length, pixels, w, h, TurboJpeg.PIXEL_INT_RGB, TurboJpeg.FLAG_LIMIT_SCANS);
        if (status != 0) {
          String message = decompressor.error();
          if (decompressor.errorCode() != TurboJpeg.ERROR_WARNING) {
            throw new Failed(message);
          }
          if (damage.matcher(message).find()) {
            throw new Damaged(message);
          }
        }
        // read as native-order ints, the pixels are the packed 0xXXRRGGBB of TYPE_INT_RGB: the
        // layout the pyramid and Java2D's fastest loops work on
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        pixels.read(0, data, 0, data.length);
        if (grey) {
          return image;
        }
        try {
          return toSrgb(image, layout.profile());
        } catch (RuntimeException e) {
          throw new Failed("the colour profile could not be applied: " + e);
        }
      }
    }
  }

  private static void read(Path source, Memory target, long length) throws IOException {
    ByteBuffer buffer = target.getByteBuffer(0, length);
    try (FileChannel channel = FileChannel.open(source)) {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw new IOException("the source is shorter than its " + length + " bytes");
        }
      }
    }
  }

  /**
   * The decoded BGR bytes as sRGB: unchanged without a profile or with an sRGB one, else converted
   * from the embedded profile by the JDK's colour engine (as the Java decoder's output is).
   */
  private static BufferedImage toSrgb(BufferedImage decoded, ICC_Profile profile) {
    if (profile == null
        || ColorProfiles.isCS_sRGB(profile)
        || SrgbProfile.matches(profile)
        || profile.getNumComponents() != 3
        || profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
      return decoded;
    }
    Transforms transforms = TRANSFORMS.get();
    // the same packed ints, described in the embedded profile: an image the colour engine converts
    // in one native pass, where a Raster would be converted sample by sample
    BufferedImage tagged =
        new BufferedImage(
            new DirectColorModel(
                transforms.space(profile),
                24,
                0xFF0000,
                0x00FF00,
                0x0000FF,
                0,
                false,
                DataBuffer.TYPE_INT),
            decoded.getRaster(),
            false,
            null);
    BufferedImage out =
        new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
    transforms.of(profile).filter(tagged, out);
    return out;
  }

  /**
   * Each consumer thread's transforms from the profiles it met last to sRGB: making one costs the
   * colour engine more than converting a rendition-sized image with it, and photos from one camera
   * or phone share their profile. A ColorConvertOp keeps state while it converts, hence one set per
   * thread.
   */
  private static final ThreadLocal<Transforms> TRANSFORMS =
      ThreadLocal.withInitial(Transforms::new);

  private static final class Transforms extends LinkedHashMap<String, Transforms.Transform> {
    private static final int KEPT = 8;

    private record Transform(ICC_ColorSpace space, ColorConvertOp toSrgb) {}

    Transforms() {
      super(16, 0.75f, true);
    }

    ICC_ColorSpace space(ICC_Profile profile) {
      return get(profile).space();
    }

    ColorConvertOp of(ICC_Profile profile) {
      return get(profile).toSrgb();
    }

    private Transform get(ICC_Profile profile) {
      byte[] data = profile.getData();
      return computeIfAbsent(
          data.length + ":" + Arrays.hashCode(data),
          k ->
              new Transform(
                  ColorSpaces.createColorSpace(profile),
                  new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_sRGB), null)));
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Transform> eldest) {
      return size() > KEPT;
    }
  }

  /**
   * The embedded ICC profile, its APP2 chunks joined in order; null when there is none.
   *
   * @throws ProfileRefused when the colour engine cannot read it
   */
  private static ICC_Profile profile(List<JPEGSegment> segments) throws IOException {
    List<JPEGSegment> chunks =
        segments.stream()
            .filter(s -> s.marker() == JPEG.APP2 && "ICC_PROFILE".equals(s.identifier()))
            .sorted(Comparator.comparingInt(NativeJpeg::sequence))
            .toList();
    if (chunks.isEmpty()) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (JPEGSegment chunk : chunks) {
      try (InputStream data = chunk.data()) {
        data.skipNBytes(2); // sequence number and count
        data.transferTo(bytes);
      }
    }
    try {
      return ColorProfiles.createProfile(bytes.toByteArray());
    } catch (RuntimeException e) {
      // a profile the colour engine refuses (IllegalArgumentException, CMMException): the colours
      // would be wrong, and the Java decoder fails such a file as damaged too
      throw new ProfileRefused(e.getMessage());
    }
  }

  private static int sequence(JPEGSegment chunk) {
    try (InputStream data = chunk.data()) {
      return data.read();
    } catch (IOException e) {
      return 0;
    }
  }

  private static boolean isFrameHeader(int marker) {
    int m = marker & 0xFF;
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }
}
