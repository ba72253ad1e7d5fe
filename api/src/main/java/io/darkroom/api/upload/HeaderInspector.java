package io.darkroom.api.upload;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.ProblemType;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.schema.SourceFormat;
import jakarta.inject.Singleton;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads what a stored original claims to be, from its first bytes and its header only: the format
 * by magic bytes, then width and height. Nothing is decoded, and only as much of the object is read
 * as the header takes (a few KB for most files).
 */
@Singleton
class HeaderInspector {
  /** What the header says. */
  record Header(SourceFormat format, int width, int height) {}

  private final ObjectStorage storage;

  HeaderInspector(ObjectStorage storage) {
    this.storage = storage;
  }

  Header inspect(String bucket, String key, long maxPixels) {
    try (InputStream raw = storage.open(bucket, key)) {
      BufferedInputStream in = new BufferedInputStream(raw, 16 * 1024);
      in.mark(SourceFormat.SNIFF_BYTES);
      byte[] head = in.readNBytes(SourceFormat.SNIFF_BYTES);
      in.reset();
      SourceFormat format =
          SourceFormat.sniff(head, head.length).orElseThrow(HeaderInspector::unsupported);
      Header header = readDimensions(format, in);
      long pixels = (long) header.width() * header.height();
      if (pixels > maxPixels) {
        throw new ApiException(
            ProblemType.PAYLOAD_TOO_LARGE,
            "The image is "
                + header.width()
                + "x"
                + header.height()
                + " ("
                + pixels
                + " pixels); at most "
                + maxPixels
                + " pixels are processed.");
      }
      return header;
    } catch (IOException e) {
      throw unreadable();
    }
  }

  private static Header readDimensions(SourceFormat format, InputStream in) {
    try (ImageInputStream input = new MemoryCacheImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
      if (!readers.hasNext()) {
        throw unreadable();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(input, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
          throw unreadable();
        }
        return new Header(format, width, height);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      throw unreadable();
    }
  }

  private static ApiException unsupported() {
    return new ApiException(
        ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "The uploaded file is not an image of a supported format (JPEG, PNG, GIF, WebP, BMP, TIFF);"
            + " formats are recognised by content, not by name or declared type.");
  }

  private static ApiException unreadable() {
    return new ApiException(
        ProblemType.UNSUPPORTED_MEDIA_TYPE, "The uploaded file's image header could not be read.");
  }
}
