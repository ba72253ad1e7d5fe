package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.NativeLibrary;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one native library in the worker is the WebP encoder's bundled libwebp. It never parses
 * uploaded bytes (see ImageDecoders), but it is pinned anyway: 1.3.2 fixed CVE-2023-4863, and the
 * binding this project used before shipped 1.0.0.
 */
class WebpEncoderLibraryTest {
  private static final int MINIMUM = 0x010302; // 1.3.2, as libwebp encodes versions

  @TempDir Path dir;

  @Test
  void shouldBundleALibwebpWithTheHeapOverflowFixesOfVersion132OrLater() throws Exception {
    String resource = "/native/Linux/" + arch() + "/libwebp-imageio.so";
    Path library = dir.resolve("libwebp-imageio.so");
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      assertThat(in).as(resource + " in the binding's jar").isNotNull();
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
    }
    NativeLibrary libwebp = NativeLibrary.getInstance(library.toString());

    int decoder = libwebp.getFunction("WebPGetDecoderVersion").invokeInt(new Object[0]);
    int encoder = libwebp.getFunction("WebPGetEncoderVersion").invokeInt(new Object[0]);

    System.out.printf(
        "bundled libwebp: decoder %s, encoder %s%n", readable(decoder), readable(encoder));
    assertThat(decoder).isGreaterThanOrEqualTo(MINIMUM);
    assertThat(encoder).isGreaterThanOrEqualTo(MINIMUM);
  }

  private static String arch() {
    String arch = System.getProperty("os.arch");
    return arch.equals("amd64") ? "x86_64" : arch;
  }

  private static String readable(int version) {
    return (version >> 16) + "." + ((version >> 8) & 0xFF) + "." + (version & 0xFF);
  }
}
