package io.darkroom.worker.pipeline;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the scans of a JPEG (its start-of-scan markers) without decoding it. A progressive JPEG
 * may repeat scans without end, and each costs the decoder a pass over the whole image: 3000 scans
 * of a 16 MP image keep a core busy for minutes, and the JDK's decoder cannot be aborted from
 * another thread. Encoders write about ten; libjpeg-turbo's own tools refuse more than a few
 * hundred for the same reason.
 */
final class JpegScans {
  /** Scans accepted in one file: ten times what encoders write. */
  static final int MAX = 100;

  private JpegScans() {}

  /**
   * Scans in {@code jpeg}, counting no further than {@code MAX + 1}. Inside entropy-coded data a
   * 0xFF byte is always followed by 0x00 or a restart marker, so every 0xFF 0xDA pair is a real
   * marker (or one in an embedded thumbnail, which only adds one).
   */
  static int count(Path jpeg) throws IOException {
    int scans = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(jpeg), 64 * 1024)) {
      int previous = 0;
      int b;
      while ((b = in.read()) >= 0 && scans <= MAX) {
        if (previous == 0xFF && b == 0xDA) {
          scans++;
        }
        previous = b;
      }
    }
    return scans;
  }
}
