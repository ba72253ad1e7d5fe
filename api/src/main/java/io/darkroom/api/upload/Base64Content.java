package io.darkroom.api.upload;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;

/**
 * The base64 text of a JSON upload, decoded as a stream straight from the string: the decoded bytes
 * are never held whole (before, the body, its text, the decoded copy and a part buffer made about
 * five copies of the file). Line breaks are allowed (MIME style); any other character outside the
 * alphabet is refused before anything is read.
 */
final class Base64Content {
  private final String text;
  private boolean malformed;

  Base64Content(String text) {
    this.text = text;
  }

  /** Only the base64 alphabet, padding and line breaks. */
  boolean isBase64() {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphabet =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '=';
      if (!alphabet && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }

  /**
   * A lower bound of the decoded size, from the text's length alone (line breaks counted as data,
   * so at most 3% low): enough to refuse an oversized body before decoding a byte of it.
   */
  long decodedLengthAtLeast() {
    return (long) text.length() / 4 * 3 * 97 / 100;
  }

  /** The decoded bytes, as they are read. */
  InputStream decoded() {
    InputStream chars =
        new InputStream() {
          private int next;

          @Override
          public int read() {
            return next < text.length() ? text.charAt(next++) : -1;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) {
            if (next >= text.length()) {
              return -1;
            }
            int n = Math.min(length, text.length() - next);
            for (int i = 0; i < n; i++) {
              buffer[offset + i] = (byte) text.charAt(next++);
            }
            return n;
          }
        };
    InputStream decoder = Base64.getMimeDecoder().wrap(chars);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          return decoder.read();
        } catch (IOException | IllegalArgumentException e) {
          throw malformed(e);
        }
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
          return decoder.read(buffer, offset, length);
        } catch (IOException | IllegalArgumentException e) {
          throw malformed(e);
        }
      }
    };
  }

  /** Whether decoding failed part way (bad padding): the upload is then a 400, not a 503. */
  boolean wasMalformed() {
    return malformed;
  }

  private IOException malformed(Exception e) {
    malformed = true;
    return new IOException("the base64 content is malformed", e);
  }
}
