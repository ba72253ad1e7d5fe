package io.darkroom.worker.pipeline;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.OutputFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes renditions. Nothing of the source's metadata (EXIF, GPS, ICC) is carried over. */
final class Encoder {
  private Encoder() {}

  static byte[] encode(BufferedImage image, OutputFormat format, int quality)
      throws ProcessingFailure {
    switch (format) {
      case JPEG:
        return write(Resampler.flatten(image), "jpeg", quality / 100f);
      case PNG:
        return write(image, "png", -1);
      default:
        throw new ProcessingFailure(
            FailureCode.INVALID_RENDITION,
            "Output format " + format.wireName() + " is not supported yet.");
    }
  }

  private static byte[] write(BufferedImage image, String formatName, float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + formatName);
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (quality > 0 && param.canWriteCompressed()) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
