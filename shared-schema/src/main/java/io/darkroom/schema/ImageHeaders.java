package io.darkroom.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The checks every original passes from its header alone, before anything is queued or decoded, the
 * same on every upload path and again in the worker: a supported format by magic bytes, a header
 * the allowed decoder can read, the format's own lies refused (a BMP that embeds another codec or
 * claims more bytes than it has), and limits on pixels and sides. Only the header is read: a few KB
 * for most files.
 */
public final class ImageHeaders {
  /** How many leading bytes {@link #inspect} looks at directly, beyond what the reader parses. */
  public static final int HEAD_BYTES = 64;

  /** What the header says. */
  public record Header(SourceFormat format, int width, int height) {
    public long pixels() {
      return (long) width * height;
    }
  }

  /** Limits checked from the header. */
  public record Limits(long maxPixels, int maxDimension) {}

  /** A file refused from its header, with the failure code a worker reports for it. */
  public static final class Refused extends Exception {
    private final FailureCode code;

    public Refused(FailureCode code, String detail) {
      super(detail, null, false, false);
      this.code = code;
    }

    public FailureCode code() {
      return code;
    }
  }

  private ImageHeaders() {}

  /**
   * Checks the file whose first bytes are {@code head} and whose whole content is {@code input}
   * ({@code length} bytes), and returns the allowed reader with its input set, ready to decode. The
   * caller disposes of the reader.
   */
  public static ImageReader open(byte[] head, ImageInputStream input, long length, Limits limits)
      throws Refused {
    SourceFormat format =
        SourceFormat.sniff(head, head.length)
            .orElseThrow(
                () ->
                    new Refused(
                        FailureCode.UNSUPPORTED_FORMAT,
                        "The file is not an image of a supported format (JPEG, PNG, GIF, WebP,"
                            + " BMP, TIFF); formats are recognised by content, not by name."));
    if (format == SourceFormat.BMP) {
      checkBmp(head, length);
    }
    ImageReader reader = ImageDecoders.reader(format);
    try {
      reader.setInput(input, true, true);
      int width;
      int height;
      try {
        width = reader.getWidth(0);
        height = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        throw new Refused(FailureCode.CORRUPT_IMAGE, "The image header is damaged.");
      }
      check(new Header(format, width, height), limits);
      return reader;
    } catch (Refused | RuntimeException e) {
      reader.dispose();
      throw e;
    }
  }

  /** As {@link #open}, for a caller that wants only what the header says. */
  public static Header inspect(byte[] head, ImageInputStream input, long length, Limits limits)
      throws Refused {
    ImageReader reader = open(head, input, length, limits);
    try {
      return new Header(
          SourceFormat.sniff(head, head.length).orElseThrow(),
          reader.getWidth(0),
          reader.getHeight(0));
    } catch (IOException e) {
      throw new Refused(FailureCode.CORRUPT_IMAGE, "The image header is damaged.");
    } finally {
      reader.dispose();
    }
  }

  static void check(Header header, Limits limits) throws Refused {
    int width = header.width();
    int height = header.height();
    if (width <= 0 || height <= 0) {
      throw new Refused(FailureCode.CORRUPT_IMAGE, "The image claims no pixels.");
    }
    if (header.pixels() > limits.maxPixels()) {
      throw new Refused(
          FailureCode.TOO_MANY_PIXELS,
          "The image is "
              + width
              + "x"
              + height
              + " ("
              + header.pixels()
              + " pixels); at most "
              + limits.maxPixels()
              + " are processed.");
    }
    if (width > limits.maxDimension() || height > limits.maxDimension()) {
      throw new Refused(
          FailureCode.DIMENSIONS_TOO_LARGE,
          "The image is "
              + width
              + "x"
              + height
              + "; the largest side allowed is "
              + limits.maxDimension()
              + " pixels.");
    }
  }

  /**
   * BMP's header states sizes that decoders trust: the JDK's reader allocates {@code biSizeImage}
   * bytes for an embedded JPEG or PNG stream before reading a byte of it (a 118-byte file claiming
   * 1.5 GB takes a worker down). Embedded codecs are refused outright (no camera or browser makes
   * them), and so is any size that claims more than the file holds.
   */
  static void checkBmp(byte[] head, long length) throws Refused {
    if (head.length < 30) {
      throw new Refused(FailureCode.CORRUPT_IMAGE, "The BMP header is truncated.");
    }
    ByteBuffer h = ByteBuffer.wrap(Arrays.copyOf(head, Math.max(head.length, 54)));
    h.order(ByteOrder.LITTLE_ENDIAN);
    long fileSize = Integer.toUnsignedLong(h.getInt(2));
    long pixelOffset = Integer.toUnsignedLong(h.getInt(10));
    long infoSize = Integer.toUnsignedLong(h.getInt(14));
    if (fileSize > length || pixelOffset >= length || infoSize < 12 || 14 + infoSize > length) {
      throw new Refused(
          FailureCode.CORRUPT_IMAGE,
          "The BMP header claims more bytes than the file's " + length + ".");
    }
    if (infoSize < 40) {
      return; // OS/2 core header: no compression field, sizes checked by the reader
    }
    if (head.length < 54) {
      throw new Refused(FailureCode.CORRUPT_IMAGE, "The BMP header is truncated.");
    }
    long compression = Integer.toUnsignedLong(h.getInt(30));
    long imageSize = Integer.toUnsignedLong(h.getInt(34));
    if (compression == 4 || compression == 5) {
      throw new Refused(
          FailureCode.UNSUPPORTED_FORMAT,
          "BMP files that embed a " + (compression == 4 ? "JPEG" : "PNG") + " are not accepted.");
    }
    if (compression > 6) {
      throw new Refused(FailureCode.UNSUPPORTED_FORMAT, "This BMP compression is not supported.");
    }
    if (imageSize > length - pixelOffset) {
      throw new Refused(
          FailureCode.CORRUPT_IMAGE,
          "The BMP header claims "
              + imageSize
              + " bytes of pixels; the file has "
              + (length - pixelOffset)
              + ".");
    }
    int width = h.getInt(18);
    int height = h.getInt(22);
    int bitsPerPixel = Short.toUnsignedInt(h.getShort(28));
    if (width <= 0 || height == 0 || height == Integer.MIN_VALUE) {
      throw new Refused(FailureCode.CORRUPT_IMAGE, "The BMP header claims no pixels.");
    }
    if (compression == 0 || compression == 3 || compression == 6) {
      // uncompressed rows are padded to 4 bytes: the pixels must all be there
      long row = ((long) width * bitsPerPixel + 31) / 32 * 4;
      long needed = row * Math.abs((long) height);
      if (needed > length - pixelOffset) {
        throw new Refused(
            FailureCode.CORRUPT_IMAGE,
            "The BMP is truncated: its "
                + width
                + "x"
                + Math.abs((long) height)
                + " pixels need "
                + needed
                + " bytes, the file has "
                + (length - pixelOffset)
                + ".");
      }
    }
  }
}
