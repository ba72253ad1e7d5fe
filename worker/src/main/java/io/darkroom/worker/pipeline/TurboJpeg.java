package io.darkroom.worker.pipeline;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libjpeg-turbo's TurboJPEG library (Debian's {@code libturbojpeg0}), bound through JNA to the
 * functions of its version 2 API that decoding and encoding need. libjpeg-turbo 2.x exports them,
 * and 3.x still does for compatibility. JNA was chosen over libjpeg-turbo's own Java classes, which
 * are not on Maven Central and need a JNI build of the library, and over an ImageIO plugin, for
 * which none is maintained: it needs no compiled glue, and the system's library is the one the
 * distribution patches.
 */
final class TurboJpeg {
  /**
   * The bytes that, read as native-order ints, are TYPE_INT_RGB's 0xXXRRGGBB: B, G, R, X on a
   * little-endian machine (TJPF_BGRX), X, R, G, B on a big-endian one (TJPF_XRGB).
   */
  static final int PIXEL_INT_RGB = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 3 : 5;

  static final int COLOURSPACE_RGB = 0;
  static final int COLOURSPACE_YCBCR = 1;
  static final int COLOURSPACE_GRAY = 2;

  /** Refuses a progressive JPEG with more than 500 scans (libjpeg-turbo 2.1 and later). */
  static final int FLAG_LIMIT_SCANS = 32768;

  /** 4:2:0 chroma subsampling, what the JDK's JPEG writer also writes. */
  static final int SUBSAMPLING_420 = 2;

  /** Compress into the buffer given, never one the library allocates. */
  static final int FLAG_NO_REALLOC = 1024;

  /** {@code tjGetErrorCode}: the last error was a warning, the decode went on to its end. */
  static final int ERROR_WARNING = 0;

  private static final List<String> NAMES = List.of("turbojpeg", "libturbojpeg.so.0");
  private static final Pattern VERSION = Pattern.compile("libjpeg-turbo version ([0-9][0-9.]*)");

  private static TurboJpeg loaded;

  private final String version;
  private final String file;

  private TurboJpeg(String version, String file) {
    this.version = version;
    this.file = file;
  }

  /**
   * The library, loaded and bound once per JVM.
   *
   * @throws UnsatisfiedLinkError when it is not installed or lacks a function
   */
  static synchronized TurboJpeg load() {
    if (loaded == null) {
      UnsatisfiedLinkError missing = new UnsatisfiedLinkError("libturbojpeg was not found");
      for (String name : NAMES) {
        try {
          NativeLibrary library = NativeLibrary.getInstance(name);
          Native.register(Functions.class, library);
          String path = path(library);
          loaded = new TurboJpeg(version(path), path);
          break;
        } catch (UnsatisfiedLinkError e) {
          missing.addSuppressed(e);
        }
      }
      if (loaded == null) {
        throw missing;
      }
    }
    return loaded;
  }

  /** libjpeg-turbo's version, as its library states it in its own messages ("2.1.5"). */
  String version() {
    return version;
  }

  /** The library file loaded. */
  String file() {
    return file;
  }

  /** A decompressor; not thread-safe, closed after one image. */
  Decompressor decompressor() {
    Pointer handle = Functions.tjInitDecompress();
    if (handle == null) {
      throw new IllegalStateException("tjInitDecompress failed: " + Functions.tjGetErrorStr2(null));
    }
    return new Decompressor(handle);
  }

  /**
   * Encodes packed pixels ({@code width x height} ints of TYPE_INT_RGB) as a baseline JPEG with
   * 4:2:0 chroma at {@code quality}, with the same quantisation tables as the JDK's writer at that
   * quality. The pixels are the pipeline's own renditions, never an upload's bytes.
   */
  byte[] compress(int[] pixels, int width, int height, int quality) {
    Pointer handle = Functions.tjInitCompress();
    if (handle == null) {
      throw new IllegalStateException("tjInitCompress failed: " + Functions.tjGetErrorStr2(null));
    }
    long capacity = Functions.tjBufSize(width, height, SUBSAMPLING_420).longValue();
    try (Memory source = new Memory((long) width * height * 4);
        Memory target = new Memory(capacity)) {
      source.write(0, pixels, 0, width * height);
      PointerByReference out = new PointerByReference(target);
      NativeLongByReference size = new NativeLongByReference(new NativeLong(capacity));
      int status =
          Functions.tjCompress2(
              handle,
              source,
              width,
              0,
              height,
              PIXEL_INT_RGB,
              out,
              size,
              SUBSAMPLING_420,
              quality,
              FLAG_NO_REALLOC);
      if (status != 0) {
        throw new IllegalStateException("tjCompress2 failed: " + Functions.tjGetErrorStr2(handle));
      }
      return target.getByteArray(0, (int) size.getValue().longValue());
    } finally {
      Functions.tjDestroy(handle);
    }
  }

  /** One TurboJPEG decompression handle. */
  static final class Decompressor implements AutoCloseable {
    private final Pointer handle;

    private Decompressor(Pointer handle) {
      this.handle = handle;
    }

    /** What the header says: {width, height, subsampling, colourspace}, or null on error. */
    int[] header(Pointer jpeg, long size) {
      int[] width = new int[1];
      int[] height = new int[1];
      int[] subsampling = new int[1];
      int[] colourspace = new int[1];
      int status =
          Functions.tjDecompressHeader3(
              handle, jpeg, new NativeLong(size), width, height, subsampling, colourspace);
      return status == 0 ? new int[] {width[0], height[0], subsampling[0], colourspace[0]} : null;
    }

    /** Decodes into {@code out}; 0 on success, -1 on an error or a warning ({@link #error}). */
    int decompress(
        Pointer jpeg, long size, Pointer out, int width, int height, int pixelFormat, int flags) {
      return Functions.tjDecompress2(
          handle, jpeg, new NativeLong(size), out, width, 0, height, pixelFormat, flags);
    }

    /** The last error's code ({@link #ERROR_WARNING} or fatal). */
    int errorCode() {
      return Functions.tjGetErrorCode(handle);
    }

    /** The last error's message. */
    String error() {
      return Functions.tjGetErrorStr2(handle);
    }

    @Override
    public void close() {
      Functions.tjDestroy(handle);
    }
  }

  /** JNA direct mapping: bound by {@link #load}, never before. */
  private static final class Functions {
    private Functions() {}

    static native Pointer tjInitDecompress();

    static native int tjDecompressHeader3(
        Pointer handle,
        Pointer jpeg,
        NativeLong size,
        int[] width,
        int[] height,
        int[] subsampling,
        int[] colourspace);

    static native int tjDecompress2(
        Pointer handle,
        Pointer jpeg,
        NativeLong size,
        Pointer out,
        int width,
        int pitch,
        int height,
        int pixelFormat,
        int flags);

    static native int tjDestroy(Pointer handle);

    static native Pointer tjInitCompress();

    static native NativeLong tjBufSize(int width, int height, int subsampling);

    static native int tjCompress2(
        Pointer handle,
        Pointer source,
        int width,
        int pitch,
        int height,
        int pixelFormat,
        PointerByReference jpeg,
        NativeLongByReference size,
        int subsampling,
        int quality,
        int flags);

    static native String tjGetErrorStr2(Pointer handle);

    static native int tjGetErrorCode(Pointer handle);
  }

  /**
   * Where the library was loaded from: JNA knows when it found the file itself; when the system's
   * loader did, the process's memory map says.
   */
  private static String path(NativeLibrary library) {
    if (library.getFile() != null && library.getFile().isFile()) {
      return library.getFile().getAbsolutePath();
    }
    try {
      return Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(p -> p.contains("libturbojpeg"))
          .findFirst()
          .orElse(library.getName());
    } catch (IOException | RuntimeException e) {
      return library.getName();
    }
  }

  /**
   * The TurboJPEG API has no call that returns the version; every build carries "libjpeg-turbo
   * version X" among its messages, so the file is read once for it.
   */
  private static String version(String path) {
    try {
      byte[] bytes = Files.readAllBytes(Path.of(path));
      Matcher m = VERSION.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
      return m.find() ? m.group(1) : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
