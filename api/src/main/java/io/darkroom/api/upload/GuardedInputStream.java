package io.darkroom.api.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts, hashes and caps a stream as storage reads it, so an upload is measured and checked
 * without ever being held whole. Reading past the cap fails the read, which aborts the storage
 * write.
 */
final class GuardedInputStream extends FilterInputStream {
  private final long maxBytes;
  private final MessageDigest sha256;
  private long count;
  private boolean limitExceeded;

  GuardedInputStream(InputStream in, long maxBytes) {
    super(in);
    this.maxBytes = maxBytes;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      sha256.update((byte) b);
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      sha256.update(buffer, offset, n);
      advance(n);
    }
    return n;
  }

  private void advance(int n) throws IOException {
    count += n;
    if (count > maxBytes) {
      limitExceeded = true;
      throw new IOException("upload exceeds " + maxBytes + " bytes");
    }
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  long count() {
    return count;
  }

  boolean limitExceeded() {
    return limitExceeded;
  }

  String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }
}
