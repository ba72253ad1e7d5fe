package io.darkroom.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
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

  /** A checked header and the allowed reader, positioned to decode it. */
  public record Opened(Header header, ImageReader reader) {}

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
   * ({@code length} bytes), and returns what its header says with the allowed reader, its input
   * set, ready to decode. The caller disposes of the reader.
   */
  public static Opened open(byte[] head, ImageInputStream input, long length, Limits limits)
      throws Refused {
    SourceFormat format =
        SourceFormat.sniff(head, head.length)
            .orElseThrow(
                () ->
                    new Refused(
                        FailureCode.UNSUPPORTED_FORMAT, SourceFormat.notSupported("The file")));
    switch (format) {
      case BMP -> checkBmp(head, length);
      case GIF -> checkGifScreen(head, limits);
      case WEBP -> checkRiff(head, length);
      case TIFF -> checkTiffDirectories(input, length);
      case JPEG -> checkJpegSegments(input, length);
      default -> {}
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
      Header header = new Header(format, width, height);
      check(header, limits);
      return new Opened(header, reader);
    } catch (Refused | RuntimeException e) {
      reader.dispose();
      throw e;
    }
  }

  /** As {@link #open}, for a caller that wants only what the header says. */
  public static Header inspect(byte[] head, ImageInputStream input, long length, Limits limits)
      throws Refused {
    Opened opened = open(head, input, length, limits);
    opened.reader().dispose();
    return opened.header();
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
   * A GIF's logical screen is what some decoders allocate, whatever the size of the frames in it:
   * it gets the same limits as an image.
   */
  static void checkGifScreen(byte[] head, Limits limits) throws Refused {
    if (head.length < 10) {
      throw new Refused(FailureCode.CORRUPT_IMAGE, "The GIF header is truncated.");
    }
    int width = (head[6] & 0xFF) | (head[7] & 0xFF) << 8;
    int height = (head[8] & 0xFF) | (head[9] & 0xFF) << 8;
    if (width > 0 && height > 0) {
      check(new Header(SourceFormat.GIF, width, height), limits);
    }
  }

  /**
   * A WebP's RIFF container and its first chunk state their sizes; a decoder that trusts a size
   * larger than the file reads past its end. Both must fit in the file.
   */
  static void checkRiff(byte[] head, long length) throws Refused {
    if (head.length < 20) {
      throw new Refused(FailureCode.CORRUPT_IMAGE, "The WebP header is truncated.");
    }
    ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    long riffSize = Integer.toUnsignedLong(h.getInt(4));
    long chunkSize = Integer.toUnsignedLong(h.getInt(16));
    if (riffSize + 8 > length || chunkSize + 20 > length) {
      throw new Refused(
          FailureCode.CORRUPT_IMAGE,
          "The WebP container claims more bytes than the file's " + length + ".");
    }
  }

  /**
   * How far a JPEG's first scan may start: room for the largest profile and a camera's metadata and
   * thumbnails, many times over.
   */
  static final int MAX_JPEG_HEADER_BYTES = 8 * 1024 * 1024;

  /** The largest embedded colour profile accepted: real ones are a few KB, rarely 1 MB. */
  static final int MAX_ICC_BYTES = 4 * 1024 * 1024;

  private static final byte[] ICC_SIGNATURE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

  /**
   * Walks a JPEG's segments up to its first scan. Each must fit in the file, and an embedded ICC
   * profile must be whole and honest: its chunks numbered 1..n once each, and the size its own
   * header declares equal to what the chunks hold (the JDK allocates the declared size: a 400-byte
   * file declaring a 1 GB profile takes the heap).
   */
  static void checkJpegSegments(ImageInputStream input, long length) throws Refused {
    try {
      input.mark();
      try {
        input.skipBytes(2); // SOI, already sniffed
        long iccDeclared = -1;
        long iccHeld = 0;
        int iccCount = -1;
        BitSet iccSeen = new BitSet();
        while (true) {
          int b = input.read();
          if (b < 0) {
            throw new Refused(FailureCode.CORRUPT_IMAGE, "The JPEG ends before its first scan.");
          }
          if (b != 0xFF) {
            throw new Refused(FailureCode.CORRUPT_IMAGE, "The JPEG's segments are damaged.");
          }
          int marker;
          do {
            marker = input.read();
          } while (marker == 0xFF);
          if (marker < 0) {
            throw new Refused(FailureCode.CORRUPT_IMAGE, "The JPEG ends before its first scan.");
          }
          if (marker == 0xDA || marker == 0xD9) {
            break; // the first scan: the header is over
          }
          if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            continue; // markers without a length
          }
          int segment = input.readUnsignedShort();
          long start = input.getStreamPosition();
          if (start > MAX_JPEG_HEADER_BYTES) {
            // the api reads this header into memory: it is bounded like any other input
            throw new Refused(
                FailureCode.CORRUPT_IMAGE,
                "The JPEG's header runs past " + MAX_JPEG_HEADER_BYTES + " bytes.");
          }
          if (segment < 2 || start + segment - 2 > length) {
            throw new Refused(
                FailureCode.CORRUPT_IMAGE, "A JPEG segment claims more bytes than the file has.");
          }
          int payload = segment - 2;
          if (marker == 0xE2 && payload >= ICC_SIGNATURE.length + 2) {
            byte[] signature = new byte[ICC_SIGNATURE.length];
            input.readFully(signature);
            if (Arrays.equals(signature, ICC_SIGNATURE)) {
              int sequence = input.readUnsignedByte();
              int count = input.readUnsignedByte();
              int data = payload - ICC_SIGNATURE.length - 2;
              if (sequence < 1
                  || sequence > count
                  || (iccCount >= 0 && count != iccCount)
                  || iccSeen.get(sequence)) {
                throw damagedProfile("its chunks are misnumbered");
              }
              iccCount = count;
              iccSeen.set(sequence);
              iccHeld += data;
              if (sequence == 1 && data >= 4) {
                iccDeclared = input.readUnsignedInt();
              }
            }
          }
          input.seek(start + payload);
        }
        if (iccCount >= 0) {
          if (iccSeen.cardinality() != iccCount) {
            throw damagedProfile("chunks are missing");
          }
          if (iccDeclared != iccHeld || iccDeclared > MAX_ICC_BYTES) {
            throw damagedProfile("it declares " + iccDeclared + " bytes and holds " + iccHeld);
          }
        }
      } finally {
        input.reset();
      }
    } catch (IOException e) {
      throw new Refused(FailureCode.CORRUPT_IMAGE, "The JPEG header is damaged.");
    }
  }

  private static Refused damagedProfile(String why) {
    return new Refused(
        FailureCode.CORRUPT_IMAGE, "The JPEG's embedded colour profile is damaged: " + why + ".");
  }

  /** How many image file directories a TIFF may chain: a camera writes a few. */
  static final int MAX_TIFF_DIRECTORIES = 64;

  /**
   * A TIFF's directories form a chain of offsets that a file can bend into a loop (or make very
   * long): every offset must lie inside the file and be new, and the chain short.
   */
  static void checkTiffDirectories(ImageInputStream input, long length) throws Refused {
    try {
      input.mark();
      try {
        int order = input.readUnsignedShort();
        input.setByteOrder(order == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        input.readUnsignedShort(); // 42
        long offset = input.readUnsignedInt();
        Set<Long> seen = new HashSet<>();
        while (offset != 0) {
          if (offset < 8 || offset + 2 > length || !seen.add(offset)) {
            throw new Refused(
                FailureCode.CORRUPT_IMAGE,
                "The TIFF's directories point outside the file or back into themselves.");
          }
          if (seen.size() > MAX_TIFF_DIRECTORIES) {
            throw new Refused(
                FailureCode.CORRUPT_IMAGE,
                "The TIFF chains more than " + MAX_TIFF_DIRECTORIES + " directories.");
          }
          input.seek(offset);
          int entries = input.readUnsignedShort();
          long next = offset + 2 + 12L * entries;
          if (next + 4 > length) {
            throw new Refused(FailureCode.CORRUPT_IMAGE, "The TIFF is truncated.");
          }
          input.seek(next);
          offset = input.readUnsignedInt();
        }
      } finally {
        input.reset();
        input.setByteOrder(ByteOrder.BIG_ENDIAN);
      }
    } catch (IOException e) {
      throw new Refused(FailureCode.CORRUPT_IMAGE, "The TIFF header is damaged.");
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
    if (compression != 0 && compression != 3) {
      // RLE runs are trusted by the reader to stay inside the image; nothing uploads RLE BMPs
      throw new Refused(
          FailureCode.UNSUPPORTED_FORMAT,
          "Only uncompressed BMP files are accepted (this one uses compression "
              + compression
              + ").");
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
    {
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
